@queues @inprocess
Feature: Queue limits
  A queue serves its callers by priority, then in the order they came. It takes at most its maximum of waiting
  callers (one more takes the queue module's "full" exit), keeps a caller at most its maximum wait (then the
  "overflow" exit), and with no agent logged in keeps callers waiting or sends them to an exit, as it is set.

  Scenario: Callers are served by priority, then in the order they came
    Given the queue "support"
    When the caller "anna" enters the queue
    And 10 seconds pass
    And the caller "bert" enters the queue
    And the caller "vip" enters the queue with priority 5
    Then the callers wait in the order "vip", "anna", "bert"

  Scenario: A caller transferred in from another queue waits behind those who came before with the same priority
    Given the queue "support"
    When the caller "anna" enters the queue
    And 1 minute passes
    And the caller "tom" is transferred into the queue with priority 0
    Then the callers wait in the order "anna", "tom"

  Scenario: A full queue sends the next caller to the full exit
    Given the queue "support" with:
      | setting    | value |
      | maxWaiting | 2     |
    When the callers "anna" and "bert" enter the queue
    And the caller "carl" enters the queue
    Then the caller "carl" takes the "full" exit
    And 2 callers wait

  Scenario: A caller who waits the maximum time leaves by the overflow exit
    Given the queue "support" with:
      | setting        | value |
      | maxWaitSeconds | 300   |
    When the caller "anna" enters the queue
    And 2 minutes pass
    And the caller "bert" enters the queue
    And 179 seconds pass
    Then the caller "anna" still waits
    When 1 second passes
    Then the caller "anna" takes the "overflow" exit
    And the caller "bert" still waits

  Scenario: With no agent logged in, a queue set to stay keeps its callers
    Given the queue "support"
    And no agent is logged in
    When the caller "anna" enters the queue
    And 30 minutes pass
    Then the caller "anna" still waits

  Scenario: With no agent logged in, a queue set to overflow sends its callers to that exit
    Given the queue "support" with:
      | setting      | value    |
      | whenNoAgents | overflow |
    And 1 agent is logged in, 0 ready
    When the caller "anna" enters the queue
    And the last agent logs out
    Then the caller "anna" takes the "overflow" exit
    When the caller "bert" enters the queue
    Then the caller "bert" takes the "overflow" exit
