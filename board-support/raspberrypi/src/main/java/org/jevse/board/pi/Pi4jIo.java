package org.jevse.board.pi;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.io.spi.Spi;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProvider;
import java.util.function.Consumer;
import org.jevse.board.time.EventLoop;
import org.jevse.config.PiBoardConfig;

/**
 * Pi4J 2.x wiring of the {@link PiBoard}: the context is built explicitly, with {@code noAutoDetect()} and exactly
 * the providers the board uses (linuxfs PWM, gpiod digital I/O, linuxfs SPI). Auto-detection is never used: when
 * board detection fails it silently falls back to mock providers, which must never happen on a charger.
 */
public final class Pi4jIo {

    private Pi4jIo() {
    }

    /** The production context for the pilot and GPIO: linuxfs-pwm on the configured sysfs tree, gpiod in/out. */
    public static Context productionContext(PiBoardConfig cfg) {
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(LinuxFsPwmProvider.newInstance(cfg.pwmSysfsPath(), cfg.pwmChip()),
                        GpioDDigitalInputProvider.newInstance(),
                        GpioDDigitalOutputProvider.newInstance())
                .build();
    }

    /**
     * The production context for the ADC: linuxfs-spi only. It is separate because Pi4J 2.8 reserves IO addresses
     * across all IO types of a context: SPI chip select 0 would collide with PWM channel 0.
     */
    public static Context productionAdcContext() {
        return Pi4J.newContextBuilder().noAutoDetect().add(LinuxFsSpiProvider.newInstance()).build();
    }

    /** Opens the production board: its own real-time loop thread for sampling and timers. */
    public static PiBoard open(PiBoardConfig cfg) {
        Context ctx = productionContext(cfg);
        Context adcCtx;
        try {
            adcCtx = productionAdcContext();
        } catch (RuntimeException e) {
            ctx.shutdown();
            throw e;
        }
        try {
            EventLoop loop = EventLoop.realtime();
            Thread t = new Thread(() -> loop.run(() -> Thread.currentThread().isInterrupted()), "pi-board");
            t.setDaemon(true);
            PiBoard board = new PiBoard(cfg, hardware(ctx, adcCtx, cfg), loop, () -> {
                t.interrupt();
                ctx.shutdown();
                adcCtx.shutdown();
            });
            t.start();
            return board;
        } catch (RuntimeException e) {
            ctx.shutdown();
            adcCtx.shutdown();
            throw new IllegalStateException("Raspberry Pi board: " + e.getMessage(), e);
        }
    }

    /**
     * Creates every configured I/O: PWM and GPIO on {@code ctx}, the ADC on {@code adcCtx}. A missing provider
     * fails here, at start-up.
     */
    public static PiBoard.Hardware hardware(Context ctx, Context adcCtx, PiBoardConfig cfg) {
        Pwm pwm = ctx.create(Pwm.newConfigBuilder(ctx).id("cp").name("control pilot").address(cfg.pwmChannel())
                .pwmType(PwmType.HARDWARE).frequency(1000)
                .initial(cfg.pwmInverted() ? 0 : 100).shutdown(cfg.pwmInverted() ? 0 : 100));
        PiIo.PilotOutput pilot = percent -> pwm.on((float) percent, 1000);
        Spi spi = adcCtx.create(Spi.newConfigBuilder(adcCtx).id("adc").name("MCP3008").bus(0).channel(cfg.spiChannel())
                .baud(cfg.spiBaud()).mode(0));
        return new PiBoard.Hardware(pilot, new Mcp3008(spi),
                output(ctx, "contactor", cfg.contactorPin(), cfg.contactorActiveLow()),
                input(ctx, "contactor-feedback", cfg.contactorFeedbackPin(), cfg.contactorFeedbackActiveLow()),
                output(ctx, "phase-switch", cfg.phaseSwitchPin(), false),
                input(ctx, "rcd-trip", cfg.rcdTripPin(), cfg.rcdTripActiveLow()),
                output(ctx, "rcd-test", cfg.rcdTestPin(), false),
                output(ctx, "lock", cfg.lockPin(), false),
                input(ctx, "lock-feedback", cfg.lockFeedbackPin(), cfg.lockFeedbackActiveLow()));
    }

    public static PiIo.Output output(Context ctx, String id, int pin, boolean activeLow) {
        if (pin < 0) {
            return null;
        }
        DigitalState on = activeLow ? DigitalState.LOW : DigitalState.HIGH;
        DigitalState off = activeLow ? DigitalState.HIGH : DigitalState.LOW;
        DigitalOutput out = ctx.create(DigitalOutput.newConfigBuilder(ctx).id(id).address(pin)
                .initial(off).shutdown(off));
        return new PiIo.Output() {
            @Override
            public void set(boolean active) {
                out.state(active ? on : off);
            }

            @Override
            public boolean active() {
                return out.state() == on;
            }
        };
    }

    public static PiIo.Input input(Context ctx, String id, int pin, boolean activeLow) {
        if (pin < 0) {
            return null;
        }
        DigitalState on = activeLow ? DigitalState.LOW : DigitalState.HIGH;
        DigitalInput in = ctx.create(DigitalInput.newConfigBuilder(ctx).id(id).address(pin)
                .pull(activeLow ? PullResistance.PULL_UP : PullResistance.PULL_DOWN).debounce(3000L));
        return new PiIo.Input() {
            @Override
            public boolean active() {
                return in.state() == on;
            }

            @Override
            public void onChange(Consumer<Boolean> listener) {
                in.addListener(e -> listener.accept(e.state() == on));
            }
        };
    }
}
