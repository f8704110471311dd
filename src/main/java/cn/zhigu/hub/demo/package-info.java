/**
 * Demo stand-ins for the agencies' pull transports, on only when {@code hub.demo.enabled=true} (the
 * default profile): the university's paged JSON API under {@code /demo/university}, the CAS XML feed
 * under {@code /demo/cas} and the tax bureau's exchange database (an in-memory HSQLDB of its own), all
 * seeded from {@code sample-feeds/}. {@link cn.zhigu.hub.demo.DemoEndpoints} tells the pull clients where
 * they are and how to log in; {@link cn.zhigu.hub.demo.DemoFaults} lets tests make them misbehave.
 */
package cn.zhigu.hub.demo;
