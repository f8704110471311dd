package cn.zhigu.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The pages' HTML shells (classpath {@code web/*.html}; their scripts and styles are under
 * {@code static/assets/}). They are not static resources themselves, so that each is served only
 * on its own path and behind its own role.
 */
@Component
public class PageResources {

    public String html(String name) {
        try (InputStream in = new ClassPathResource("web/" + name + ".html").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The readable 403 page: the role may not open this page, or the form's CSRF token was missing. */
    void denied(HttpServletRequest req, HttpServletResponse res, boolean csrf) throws IOException {
        String zh = csrf ? "页面已过期，请刷新后重试。" : "您的角色无权访问此页面。";
        String en = csrf ? "The page has expired (its security token is missing or stale): reload it and try again."
                : "Your role may not open " + HtmlUtils.htmlEscape(req.getRequestURI()) + ".";
        String body = html("denied").replace("{{zh}}", zh).replace("{{en}}", en);
        res.setStatus(HttpServletResponse.SC_FORBIDDEN);
        res.setContentType(MediaType.TEXT_HTML_VALUE);
        res.setCharacterEncoding("UTF-8");
        res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
