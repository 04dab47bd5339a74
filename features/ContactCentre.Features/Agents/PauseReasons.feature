@acd @inprocess
Feature: Pause with a reason
  An agent pauses with one of the reasons the contact centre configures, and is offered no calls while paused.
  A reason that is not configured is refused, and the refusal names the reasons there are. A supervisor can log
  an agent out.

  Background:
    Given the pause reasons are "Lunch, Training"

  Scenario: A paused agent is offered no calls until ready again
    Given agent "anna" is ready in queue "support"
    When agent "anna" pauses for "Lunch"
    Then agent "anna" is paused with the reason "Lunch"
    When a caller waits in queue "support"
    Then the call rings nobody
    When agent "anna" makes themselves ready
    Then the call rings agent "anna"

  Scenario: A reason that is not configured is refused
    Given agent "anna" is ready in queue "support"
    When agent "anna" pauses for "Coffee"
    Then the agent is told "pause: unknown reason 'Coffee'; configured reasons: Lunch, Training"
    And agent "anna" is "Ready"

  Scenario: An agent cannot pause while a call rings them
    Given agent "anna" is ready in queue "support"
    When a caller waits in queue "support"
    And agent "anna" pauses for "Lunch"
    Then the agent is told "pause: agent 'anna' is Connecting; end the call first"

  Scenario: A supervisor logs an agent out
    Given agent "anna" is ready in queue "support"
    And agent "supervisor-sue" is ready in queue "support"
    When supervisor "supervisor-sue" logs out agent "anna"
    Then agent "anna" is "LoggedOut"
