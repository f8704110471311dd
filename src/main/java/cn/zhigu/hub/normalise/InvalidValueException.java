package cn.zhigu.hub.normalise;

/**
 * A value that breaks a rule of the feed contracts. The message is the reason shown to the agency,
 * so it names the field's value and what was expected.
 */
public class InvalidValueException extends RuntimeException {
    public InvalidValueException(String reason) {
        super(reason);
    }
}
