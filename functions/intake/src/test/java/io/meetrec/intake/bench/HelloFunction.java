package io.meetrec.intake.bench;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** The bare Functions Framework function the bench compares the intake's cold start with. */
public class HelloFunction implements HttpFunction {

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.setContentType("text/plain");
    response.getWriter().write("hello");
  }
}
