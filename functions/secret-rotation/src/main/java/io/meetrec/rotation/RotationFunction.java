package io.meetrec.rotation;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import io.micronaut.context.ApplicationContext;

/**
 * The Cloud Functions entry point: Cloud Scheduler publishes on {@code secret-rotation}, and each
 * message runs one {@link RotationJob}. The message content is ignored; the schedule is the
 * trigger. One application context serves every invocation of the instance.
 */
public class RotationFunction implements CloudEventsFunction {

  private static ApplicationContext shared;

  private final ApplicationContext context;

  public RotationFunction() {
    this(sharedContext());
  }

  public RotationFunction(ApplicationContext context) {
    this.context = context;
  }

  private static synchronized ApplicationContext sharedContext() {
    if (shared == null) {
      shared = ApplicationContext.run("function");
    }
    return shared;
  }

  @Override
  public void accept(CloudEvent event) {
    // An exception makes the function fail, so Pub/Sub redelivers and the failure is visible.
    context.getBean(RotationJob.class).run();
  }
}
