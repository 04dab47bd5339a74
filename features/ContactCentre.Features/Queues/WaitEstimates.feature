@queues @inprocess
Feature: Estimated wait time
  Every waiting caller has a position and an estimated wait time (EWT), updated on every answer.
  The product's method (average) halves towards each answered caller's wait: EWT = (previous EWT + last wait) / 2.
  The Erlang C method takes the recent handle times and the agents logged in: the caller at position k waits for k
  agents to free up, one every (mean handle time / agents). The queue uses it once it has 5 handle times and an agent
  logged in, and the product's method until then.

  Scenario: The product's method follows the answered callers' waits
    Given the queue "support" with:
      | setting   | value   |
      | ewtMethod | average |
    When the caller "anna" enters the queue
    And 60 seconds pass
    And the caller "anna" is answered
    Then a new caller is told 30 seconds by the average method
    When the caller "bert" enters the queue
    And 90 seconds pass
    And the caller "bert" is answered
    Then a new caller is told 60 seconds by the average method

  Scenario: The Erlang C method counts the agents who must free up before the caller
    Given the queue "support"
    And 3 agents are logged in, 0 ready
    And agents recently finished calls of 200, 400, 300, 250 and 350 seconds
    When the callers "anna", "bert" and "carl" enter the queue
    Then the caller "anna" is at position 1 with an estimated wait of 100 seconds by the erlangC method
    And the caller "carl" is at position 3 with an estimated wait of 300 seconds by the erlangC method
    When the caller "anna" is answered
    Then the caller "carl" is at position 2 with an estimated wait of 200 seconds by the erlangC method

  Scenario: With too few handle times the queue estimates with the product's method
    Given the queue "support"
    And 3 agents are logged in, 0 ready
    And agents recently finished calls of 200, 400, 300 and 250 seconds
    When the caller "anna" enters the queue
    And 40 seconds pass
    And the caller "anna" is answered
    Then a new caller is told 20 seconds by the average method
    When an agent finishes a call of 350 seconds
    Then a new caller is told 100 seconds by the erlangC method
