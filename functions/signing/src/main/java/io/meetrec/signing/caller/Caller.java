package io.meetrec.signing.caller;

/** A verified caller: the service account that signed in, as its ID token says. */
public record Caller(String email, String subject) {}
