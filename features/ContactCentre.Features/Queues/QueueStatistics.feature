@queues @inprocess
Feature: Queue statistics
  Each queue counts its callers: waiting now and the longest wait, answered, abandoned, and the service level
  (answered within the threshold / answered). The variant leaves out callers who hung up within the threshold
  (answered within / (answered + abandoned after the threshold)).

  Scenario: The overview shows who waits and for how long
    Given the queue "support"
    When the caller "anna" enters the queue
    And 45 seconds pass
    And the caller "bert" enters the queue with priority 5
    And 10 seconds pass
    Then the queue shows:
      | figure        | value |
      | waiting       | 2     |
      | longest wait  | 55 s  |
      | answered      | 0     |
      | service level | none  |

  Scenario: Service level counts answers within the threshold; the variant leaves out short abandons
    Given the queue "support" with:
      | setting             | value |
      | serviceLevelSeconds | 20    |
    When the callers "anna", "bert", "carl" and "dora" enter the queue
    And 10 seconds pass
    And the caller "anna" is answered
    And the caller "carl" hangs up while waiting
    And 20 seconds pass
    And the caller "bert" is answered
    And the caller "dora" hangs up while waiting
    Then the queue shows:
      | figure                                 | value |
      | waiting                                | 0     |
      | answered                               | 2     |
      | abandoned                              | 2     |
      | abandoned within threshold             | 1     |
      | service level                          | 50 %  |
      | service level excluding short abandons | 33 %  |
      | average speed of answer                | 20 s  |
