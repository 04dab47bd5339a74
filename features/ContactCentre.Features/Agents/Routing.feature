@acd @inprocess
Feature: Routing
  A call goes to the ready agent who has been idle longest. A call that needs a skill (a language, a product)
  goes only to agents who have it, the more skilled first. An agent can serve some queues before others: when
  such an agent becomes free, it takes a call of its first queue even if another queue's call has waited longer.

  Scenario: A call that needs a skill goes to an agent who has it, the more skilled first
    Given agent "anna" is ready in queue "support"
    And agent "bo" speaks "swedish" at level 1
    And agent "bo" is ready in queue "support"
    And agent "britt" speaks "swedish" at level 3
    And agent "britt" is ready in queue "support"
    When a caller who needs "swedish" waits in queue "support"
    Then the call rings agent "britt"

  Scenario: A call that needs a skill nobody ready has waits
    Given agent "anna" is ready in queue "support"
    When a caller who needs "swedish" waits in queue "support"
    Then the call rings nobody

  Scenario: A free agent serves its first queue before a call that waited longer elsewhere
    Given agent "carl" serves queue "sales" first
    When a caller waits in queue "support"
    And 60 seconds pass
    And a caller waits in queue "sales"
    And agent "carl" logs in to queues "support, sales"
    Then agent "carl" takes the "sales" call first and then the "support" call
