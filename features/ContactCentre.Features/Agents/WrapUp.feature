@acd @inprocess
Feature: Wrap-up
  After a call of a queue with a wrap-up time, the agent is in wrap-up for that time and is offered no calls.
  The agent can end wrap-up early. A queue without a wrap-up time makes the agent ready as the call ends.

  Background:
    Given queue "support" has 30 seconds of wrap-up

  Scenario: After a call the agent is in wrap-up for the queue's time
    Given agent "anna" is ready in queue "support"
    When a caller waits in queue "support"
    And the agent answers the call
    And the call ends
    Then agent "anna" is "WrapUp"
    When another caller waits in queue "support"
    And 29 seconds pass
    Then agent "anna" is "WrapUp"
    And the call rings nobody
    When 1 second passes
    Then the call rings agent "anna"

  Scenario: The agent ends wrap-up early and takes the next call
    Given agent "anna" is ready in queue "support"
    When a caller waits in queue "support"
    And the agent answers the call
    And the call ends
    And another caller waits in queue "support"
    And agent "anna" ends wrap-up
    Then the call rings agent "anna"

  Scenario: A queue without wrap-up time makes the agent ready as the call ends
    Given agent "anna" is ready in queue "sales"
    When a caller waits in queue "sales"
    And the agent answers the call
    And the call ends
    Then agent "anna" is "Ready"
