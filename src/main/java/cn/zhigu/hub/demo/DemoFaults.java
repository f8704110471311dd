package cn.zhigu.hub.demo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A test hook for the HTTP stand-ins: faults queued per service, each taken by one call. By default
 * there are none. A fault may delay the answer, replace it with an error status, or replace its body
 * with a malformed one (status 200). Thread-safe.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class DemoFaults {

    /** The stand-in a fault is for. */
    public enum Service { UNIVERSITY, CAS }

    /**
     * What one call does wrong.
     *
     * @param delayMillis wait this long before answering (0: no delay)
     * @param status      answer this HTTP status instead (0: answer normally)
     * @param malformed   answer 200 with a body that is not valid JSON / XML
     */
    public record Fault(long delayMillis, int status, boolean malformed) {
        static final Fault NONE = new Fault(0, 0, false);

        public static Fault status(int status) {
            return new Fault(0, status, false);
        }

        public static Fault delay(long millis) {
            return new Fault(millis, 0, false);
        }

        public static Fault malformedBody() {
            return new Fault(0, 0, true);
        }
    }

    private final Map<Service, Deque<Fault>> queued = new EnumMap<>(Service.class);
    /** Every answer waits at least this long ({@code hub.demo.response-delay}, ms): a slow agency. */
    private final long baseDelayMillis;

    public DemoFaults(@org.springframework.beans.factory.annotation.Value("${hub.demo.response-delay:0}") long baseDelayMillis) {
        this.baseDelayMillis = baseDelayMillis;
    }

    private final Map<Service, Integer> calls = new EnumMap<>(Service.class);

    /** The next {@code times} calls to the service each suffer the fault (after any already queued). */
    public synchronized void next(Service service, int times, Fault fault) {
        Deque<Fault> queue = queued.computeIfAbsent(service, s -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(fault);
        }
    }

    /** The next {@code times} calls answer {@code status} (such as 503 or 401). */
    public void failNext(Service service, int times, int status) {
        next(service, times, Fault.status(status));
    }

    /** The next {@code times} calls wait {@code millis} before answering. */
    public void delayNext(Service service, int times, long millis) {
        next(service, times, Fault.delay(millis));
    }

    /** The next {@code times} calls answer 200 with a malformed body. */
    public void malformedNext(Service service, int times) {
        next(service, times, Fault.malformedBody());
    }

    /** Drops every queued fault and zeroes the call counts. */
    public synchronized void reset() {
        queued.clear();
        calls.clear();
    }

    /** Calls the service has answered since the start or the last {@link #reset()}. */
    public synchronized int calls(Service service) {
        return calls.getOrDefault(service, 0);
    }

    /** Counts a call and takes its fault ({@link Fault#NONE} when none is queued). */
    synchronized Fault take(Service service) {
        calls.merge(service, 1, Integer::sum);
        Deque<Fault> queue = queued.get(service);
        Fault fault = queue == null ? null : queue.pollFirst();
        return fault == null ? Fault.NONE : fault;
    }

    /** Takes the call's fault and sleeps out its delay (outside the lock). */
    Fault apply(Service service) {
        Fault fault = take(service);
        long delay = Math.max(fault.delayMillis(), baseDelayMillis);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return fault;
    }
}
