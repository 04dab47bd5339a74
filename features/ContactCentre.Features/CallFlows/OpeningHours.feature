@callflow @inprocess
Feature: Opening hours
  An opening-hours module sends a call on by the time it arrives, in the local time of the contact
  centre's time zone: into the queue while open, to the closed message outside the weekly hours, and
  to the closed-today message on a holiday or when the centre is closed for an emergency.

  Background:
    Given the support line is open Monday to Friday 08:00-16:00 in Europe/Helsinki

  Scenario: A caller calls while the line is open
    When a caller calls on Monday 2025-06-02 at 10:00
    Then the caller hears "queue-support"
    And the call enters the queue "support"

  Scenario: A caller calls after closing time
    When a caller calls on Monday 2025-06-02 at 16:00
    Then the caller hears the "closed" message
    And the call is hung up

  Scenario: A caller calls at the weekend
    When a caller calls on Saturday 2025-06-07 at 10:00
    Then the caller hears the "closed" message
    And the call is hung up

  Scenario: A caller calls on a public holiday
    Given on 2025-12-25 the support line is closed
    When a caller calls on Thursday 2025-12-25 at 10:00
    Then the caller hears the "closed-today" message

  Scenario Outline: The line closes early on a holiday eve
    Given on 2025-12-24 the support line is open 09:00-12:00 only
    When a caller calls on Wednesday 2025-12-24 at <time>
    Then the caller hears the "<message>" message

    Examples:
      | time  | message       |
      | 08:30 | closed-today  |
      | 11:59 | queue-support |
      | 12:00 | closed-today  |

  Scenario: The line is closed for an emergency during opening hours
    Given the support line is closed for an emergency
    When a caller calls on Monday 2025-06-02 at 10:00
    Then the caller hears the "closed-today" message

  Scenario Outline: The hours follow the clocks when summer time starts
    Helsinki moves from UTC+2 to UTC+3 on Sunday 2025-03-30, so 05:30 UTC is 07:30 on the Friday
    before but 08:30 on the Monday after.

    When a caller calls at <utc> UTC
    Then the caller hears the "<message>" message

    Examples:
      | utc              | message       |
      | 2025-03-28 05:30 | closed        |
      | 2025-03-31 05:30 | queue-support |
