package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectNamesRepositoryTest {

    @BothDialects
    void aTaskKeepsTheNameItWasFirstGiven(StoreFixture store) {
        ObjectNames names = new ObjectNames(store.db);
        assertThat(names.nameOf("t-1")).isEmpty();

        assertThat(names.claim("t-1", "2026-12-01/t-1")).isEqualTo("2026-12-01/t-1");
        assertThat(names.claim("t-1", "2026-12-02/t-1")).as("a retry on a later day").isEqualTo("2026-12-01/t-1");
        assertThat(new ObjectNames(store.secondPool()).nameOf("t-1")).as("another replica").contains("2026-12-01/t-1");
    }

    @BothDialects
    void aNameHeldByAnotherTaskIsRefusedNamingTheHolder(StoreFixture store) {
        ObjectNames names = new ObjectNames(store.db);
        names.claim("t-1", "songs/same");

        assertThatThrownBy(() -> new ObjectNames(store.secondPool()).claim("t-2", "songs/same"))
                .isInstanceOf(ObjectNameTakenException.class)
                .hasMessage("object name 'songs/same' (kie.object-name) is already taken by task t-1");
        assertThat(names.nameOf("t-2")).isEmpty();
        assertThat(names.claim("t-2", "songs/other")).isEqualTo("songs/other");
    }
}
