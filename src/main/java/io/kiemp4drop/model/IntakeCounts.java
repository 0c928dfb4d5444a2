package io.kiemp4drop.model;

/** What taking in one batch did: new tasks, already known ones, refused candidates. */
public record IntakeCounts(String origin, int added, int known, int refused) {

    /** Candidates seen, valid or not: none for an empty kie.task-ids. */
    public int total() {
        return added + known + refused;
    }

    @Override
    public String toString() {
        return added + " added, " + known + " already known, " + refused + " refused";
    }
}
