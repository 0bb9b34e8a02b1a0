package org.jevse.config;

/**
 * A Raspberry Pi wired straight to the pilot circuit, the contactor, the RCD and the lock (Pi4J 2.x: sysfs PWM,
 * gpiod GPIO, SPI ADC). GPIO numbers are BCM numbers; -1 means not fitted.
 */
public record PiBoardConfig(
        @Key(name = "phases", def = "3", min = 1, max = 3, jevse = true, doc = "Phases wired to the charger.")
        int phases,
        @Key(name = "max_current_A", def = "32", min = 6, max = 80, jevse = true, doc = "The most current per phase the hardware carries.")
        double maxCurrentA,
        @Key(name = "min_current_A", def = "6", min = 6, max = 80, jevse = true, doc = "The least current per phase the board may offer.")
        double minCurrentA,
        @Key(name = "connector", def = "cable", jevse = true,
             doc = "`cable`: a tethered cable rated `cable_rating_A`. `socket`: a type 2 socket, rated by PP through the ADC.")
        SimConnector connector,
        @Key(name = "cable_rating_A", def = "32", min = 6, max = 80, jevse = true, doc = "Rating of the tethered cable.")
        double cableRatingA,
        @Key(name = "pwm_chip", def = "0", min = 0, max = 15, jevse = true,
             doc = "sysfs PWM chip (/sys/class/pwm/pwmchipN; 2 on a Pi 5 with RP1). Needs dtoverlay=pwm or pwm-2chan.")
        int pwmChip,
        @Key(name = "pwm_channel", def = "0", min = 0, max = 15, jevse = true, doc = "PWM channel of that chip driving the CP generator.")
        int pwmChannel,
        @Key(name = "pwm_sysfs_path", def = "/sys/class/pwm", jevse = true, doc = "Root of the sysfs PWM tree.")
        String pwmSysfsPath,
        @Key(name = "pwm_inverted", def = "false", jevse = true,
             doc = "The CP driver inverts: the PWM output low gives +12 V. The driver then writes 100 % minus the duty.")
        boolean pwmInverted,
        @Key(name = "spi_channel", def = "0", min = 0, max = 1, jevse = true, doc = "SPI chip select of the MCP3008 ADC (/dev/spidev0.N).")
        int spiChannel,
        @Key(name = "spi_baud", def = "1000000", min = 10000, max = 3600000, jevse = true, doc = "SPI clock of the ADC.")
        int spiBaud,
        @Key(name = "adc_vref", def = "3.3", min = 1, max = 5.5, jevse = true, doc = "ADC reference voltage.")
        double adcVref,
        @Key(name = "cp_adc_channel", def = "0", min = 0, max = 7, jevse = true, doc = "ADC channel of the CP sense divider.")
        int cpAdcChannel,
        @Key(name = "cp_adc_offset_V", def = "1.65", min = 0, max = 5.5, jevse = true,
             doc = "ADC voltage that means 0 V on the pilot: CP volts = (ADC volts - offset) * gain.")
        double cpAdcOffsetV,
        @Key(name = "cp_adc_gain", def = "7.2727", min = 0.1, max = 100, jevse = true,
             doc = "Divider gain from ADC volts to CP volts (7.2727 maps -12..+12 V onto 0..3.3 V).")
        double cpAdcGain,
        @Key(name = "cp_samples", def = "16", min = 4, max = 1000, jevse = true,
             doc = "ADC samples per CP measurement; their maximum is the high half of the PWM, their minimum the low half.")
        int cpSamples,
        @Key(name = "cp_poll_ms", def = "20", min = 5, max = 50, jevse = true,
             doc = "Time between CP measurements. A change is reported after two agreeing measurements, so within 2 x this (50 ms maximum).")
        int cpPollMs,
        @Key(name = "pp_adc_channel", def = "1", min = -1, max = 7, jevse = true, doc = "ADC channel of the PP sense (socket only); -1: none.")
        int ppAdcChannel,
        @Key(name = "pp_pullup_ohms", def = "1000", min = 1, max = 100000, jevse = true,
             doc = "Pull-up from `adc_vref` to PP: R_pp = pull-up * V / (Vref - V).")
        double ppPullupOhms,
        @Key(name = "contactor_pin", def = "17", min = 0, max = 53, jevse = true, doc = "GPIO of the contactor relay driver.")
        int contactorPin,
        @Key(name = "contactor_active_low", def = "false", jevse = true, doc = "The relay closes on a low output.")
        boolean contactorActiveLow,
        @Key(name = "contactor_feedback_pin", def = "27", min = -1, max = 53, jevse = true,
             doc = "GPIO of the contactor's mirror contact; -1: none (no welding detection).")
        int contactorFeedbackPin,
        @Key(name = "contactor_feedback_active_low", def = "true", jevse = true, doc = "The mirror contact pulls the input low when the contactor is closed.")
        boolean contactorFeedbackActiveLow,
        @Key(name = "contactor_feedback_check_ms", def = "200", min = 100, max = 250, jevse = true,
             doc = "When the mirror contact is checked after each switch (IEC 61851-1 welding detection: 100-250 ms).")
        int contactorFeedbackCheckMs,
        @Key(name = "phase_switch_pin", def = "-1", min = -1, max = 53, jevse = true,
             doc = "GPIO of the L2/L3 contactor for 1/3-phase switching; -1: none.")
        int phaseSwitchPin,
        @Key(name = "rcd_trip_pin", def = "22", min = -1, max = 53, jevse = true,
             doc = "GPIO of the RCD/RDC-DD trip output (edge events, never polled); -1: no RCD.")
        int rcdTripPin,
        @Key(name = "rcd_trip_active_low", def = "true", jevse = true, doc = "The RCD pulls its trip output low when tripped.")
        boolean rcdTripActiveLow,
        @Key(name = "rcd_test_pin", def = "23", min = -1, max = 53, jevse = true, doc = "GPIO driving the RCD self-test; -1: none.")
        int rcdTestPin,
        @Key(name = "rcd_test_ms", def = "100", min = 10, max = 2000, jevse = true,
             doc = "How long the self-test output is held; the trip input must go active within it.")
        int rcdTestMs,
        @Key(name = "lock_pin", def = "-1", min = -1, max = 53, jevse = true,
             doc = "GPIO of the lock motor (high: drive to locked, low: drive to unlocked); -1: no lock.")
        int lockPin,
        @Key(name = "lock_feedback_pin", def = "-1", min = -1, max = 53, jevse = true, doc = "GPIO of the lock's position switch.")
        int lockFeedbackPin,
        @Key(name = "lock_feedback_active_low", def = "true", jevse = true, doc = "The position switch pulls low when locked.")
        boolean lockFeedbackActiveLow,
        @Key(name = "lock_timeout_ms", def = "1000", min = 50, max = 10000, jevse = true,
             doc = "Time for the lock to reach its position; the feedback is reported then.")
        int lockTimeoutMs) {
}
