package io.kiemp4drop.validation;

public class InvalidTaskIdException extends IllegalArgumentException {

    public InvalidTaskIdException(String refused) {
        super("refused task ID " + LogSafe.quote(refused) + ": a task ID is 1-128 characters of A-Z a-z 0-9 _ -");
    }
}
