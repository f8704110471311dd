package cn.zhigu.hub.api;

/**
 * The API as the browser pages call it. Every controller here answers under {@code /api/**} (HTTP Basic,
 * stateless, no CSRF: for scripts) and under {@code /ui-api/**} (the login session, with a CSRF token on
 * every POST: for the pages). Same handlers, same roles; only the way a caller proves who it is differs.
 */
public final class UiApi {

    public static final String PATH = "/ui-api";

    private UiApi() {}
}
