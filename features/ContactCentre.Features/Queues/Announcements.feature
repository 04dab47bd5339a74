@queues @inprocess
Feature: Position and wait announcements
  A waiting caller hears their position and estimated wait ("you are number 2, about 4 minutes") when they enter,
  then again no sooner than the queue's announcement interval. A queue can be set to announce again only when the
  position or the wait in whole minutes got better.

  Scenario: A caller hears position and wait at once, then no sooner than the interval
    Given the queue "support" with:
      | setting                     | value   |
      | announcementIntervalSeconds | 60      |
      | ewtMethod                   | average |
    And the caller "zoe" waited 240 seconds and was answered
    When the caller "anna" enters the queue
    Then the caller "anna" hears position 1 and a wait of about 2 minutes
    When 30 seconds pass
    Then the caller "anna" hears nothing new
    When 30 seconds pass
    Then the caller "anna" hears position 1 and a wait of about 1 minute

  Scenario: Set to announce only improvements, the queue is silent until the caller moves up
    Given the queue "support" with:
      | setting                     | value |
      | announcementIntervalSeconds | 60    |
      | announceOnlyWhenImproved    | true  |
    And 1 agent is logged in, 0 ready
    And agents recently finished calls of 120, 120, 120, 120 and 120 seconds
    When the callers "anna" and "bert" enter the queue
    Then the caller "bert" hears position 2 and a wait of about 4 minutes
    When 90 seconds pass
    Then the caller "bert" hears nothing new
    When the caller "anna" is answered
    Then the caller "bert" hears position 1 and a wait of about 2 minutes
