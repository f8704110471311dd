package cn.zhigu.hub.feeds;

/** A delivery that cannot be read as its feed at all; it is rejected whole and nothing of it applies. */
public class FileRejectedException extends RuntimeException {
    public FileRejectedException(String reason) {
        super(reason);
    }

    public FileRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
