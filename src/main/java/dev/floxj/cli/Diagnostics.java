package dev.floxj.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.PrintStream;

/**
 * floxj's diagnostics go through SLF4J to Logback, configured here in code (no logback.xml to
 * find and parse at start-up) by Logback's {@link Configurator} service: everything to stderr,
 * never stdout (Logback's console default), since stdout carries the image. floxj's own loggers
 * ({@code dev.floxj}) log at WARN by default, INFO with {@code -v}, DEBUG with {@code --debug};
 * other libraries' (sqlite-jdbc) at WARN, or DEBUG with {@code --debug}. The level is chosen
 * from the raw arguments before anything logs, as sqlite-jdbc takes its logger while the command
 * line is still being parsed ({@link GeneralOptions#chooseLogLevel}, a class that loads nothing of
 * Logback, so that {@code --version} and {@code --help} never start it).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class Diagnostics extends ContextAwareBase implements Configurator {
  public Diagnostics() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    Level level = Level.toLevel(System.getProperty(GeneralOptions.LOG_LEVEL_PROPERTY), Level.WARN);
    StderrAppender appender = new StderrAppender();
    appender.setContext(context);
    appender.setName("stderr");
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level == Level.DEBUG ? Level.DEBUG : Level.WARN);
    root.addAppender(appender);
    context.getLogger("dev.floxj").setLevel(level);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * One line per event on stderr: {@code [DEBUG HttpTransport] message}. Written by hand rather
   * than with a pattern layout, whose parsing costs start-up time for four fields.
   */
  static final class StderrAppender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      String logger = event.getLoggerName();
      StringBuilder line = new StringBuilder()
          .append('[').append(event.getLevel()).append(' ')
          .append(logger.substring(logger.lastIndexOf('.') + 1)).append("] ")
          .append(TerminalText.escape(event.getFormattedMessage()));
      if (event.getThrowableProxy() != null) {
        line.append(" (").append(event.getThrowableProxy().getClassName()).append(": ")
            .append(TerminalText.escape(String.valueOf(event.getThrowableProxy().getMessage()))).append(')');
      }
      PrintStream err = System.err;
      synchronized (err) {
        err.println(line);
      }
    }
  }
}
