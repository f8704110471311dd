package cn.zhigu.hub;

import cn.zhigu.hub.normalise.Streets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans built from configuration files. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    /** The street code list, loaded from the file named by {@code hub.streets-file}. */
    @Bean
    Streets streets(HubProperties props) {
        return Streets.load(props.getStreetsFile());
    }
}
