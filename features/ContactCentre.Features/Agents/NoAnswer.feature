@acd @inprocess
Feature: No answer and re-offer
  A call rings one agent at a time. When the agent does not answer within the offer timeout, or rejects the
  call, it goes to the next agent at once and the first agent becomes No answer until they make themselves
  ready again. A call is never offered to two agents at once, and an agent never gets two calls at once.

  Background:
    Given the offer timeout is 20 seconds
    And agent "anna" is ready in queue "support"
    And agent "ben" is ready in queue "support"

  Scenario: The agent idle longest is offered the call first
    When a caller waits in queue "support"
    Then the call rings agent "anna"
    And agent "ben" is "Ready"

  Scenario: A call not answered in 20 seconds goes to the next agent
    When a caller waits in queue "support"
    And 19 seconds pass
    Then the call rings agent "anna"
    When 1 second passes
    Then the call rings agent "ben"
    And agent "anna" is "NoAnswer"

  Scenario: A rejected call goes to the next agent at once
    When a caller waits in queue "support"
    And agent "anna" rejects the call
    Then the call rings agent "ben"
    And agent "anna" is "NoAnswer"

  Scenario: An agent in No answer is offered calls again once ready
    When a caller waits in queue "support"
    And agent "anna" rejects the call
    And agent "ben" rejects the call
    Then the call rings nobody
    When agent "anna" makes themselves ready
    Then the call rings agent "anna"

  Scenario: An agent who logs out while a call rings them frees it for the next agent
    When a caller waits in queue "support"
    And agent "anna" logs out
    Then the call rings agent "ben"
    And agent "anna" is "LoggedOut"

  Scenario: A caller who hangs up while the call rings is not the agent's fault
    When a caller waits in queue "support"
    And the caller hangs up
    Then agent "anna" is "Ready"
    And agent "ben" is "Ready"

  Scenario: An agent on a call is offered no second call
    When a caller waits in queue "support"
    And the agent answers the call
    And another caller waits in queue "support"
    Then the call rings agent "ben"
    When agent "ben" rejects the call
    Then the call rings nobody
