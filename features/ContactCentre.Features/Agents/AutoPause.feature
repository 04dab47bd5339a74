@acd @inprocess
Feature: Automatic pause and log-off
  An agent who lets several offers in a row go unanswered is paused with the reason "No answer", when the
  contact centre is configured so (it is off by default). An agent whose device cannot be rung for 5 offers in
  a row (an unreachable phone, or the softphone of a closed desktop) is logged off.

  Scenario: Two unanswered offers in a row pause the agent when auto-pause is 2
    Given agents are paused after 2 unanswered offers in a row
    And agent "anna" is ready in queue "support"
    When a caller waits in queue "support"
    And 20 seconds pass
    Then agent "anna" is "NoAnswer"
    When agent "anna" makes themselves ready
    And 20 seconds pass
    Then agent "anna" is paused with the reason "No answer"

  Scenario: Without auto-pause unanswered offers never pause the agent
    Given agent "anna" is ready in queue "support"
    When a caller waits in queue "support"
    And 20 seconds pass
    And agent "anna" makes themselves ready
    And 20 seconds pass
    And agent "anna" makes themselves ready
    And 20 seconds pass
    Then agent "anna" is "NoAnswer"

  Scenario: An answered call starts the count again
    Given agents are paused after 2 unanswered offers in a row
    And agent "anna" is ready in queue "sales"
    When a caller waits in queue "sales"
    And 20 seconds pass
    And agent "anna" makes themselves ready
    And the agent answers the call
    And the call ends
    And another caller waits in queue "sales"
    And 20 seconds pass
    Then agent "anna" is "NoAnswer"

  Scenario: A softphone agent whose desktop is closed is logged off after 5 offers
    Given agent "anna" is ready in queue "support" with the softphone and the desktop closed
    When a caller waits in queue "support"
    Then agent "anna" is "NoAnswer"
    When agent "anna" makes themselves ready 4 times
    Then agent "anna" is "LoggedOut"
    And the call rings nobody
