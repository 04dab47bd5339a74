@callflow
Feature: Info message
  An info message plays its audio files to the end and then sends the call on: to another module,
  into a queue, out to a phone number, or it ends the call.

  Scenario Outline: A caller hears the news and then waits in the queue
    Given the call flow:
      """json
      { "name": "Spec", "start": "news", "modules": [
        { "type": "message", "name": "news", "prompts": ["welcome", "news"], "queue": "sales", "priority": 2 } ] }
      """
    When a caller calls
    Then the caller hears "welcome" and "news"
    And the call enters the queue "sales"

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |

  Scenario Outline: A caller hears that the service is on a break and is let go
    Given the call flow:
      """json
      { "name": "Spec", "start": "break", "modules": [
        { "type": "message", "name": "break", "prompts": ["service-break", "goodbye"], "hangUp": true } ] }
      """
    When a caller calls
    Then the caller hears "service-break" and "goodbye"
    And the call is hung up

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |

  @inprocess
  Scenario: A caller hears the news and is put through to another number
    Transferring out through a trunk is still being wired into the host, so this runs in process only.

    Given the call flow:
      """json
      { "name": "Spec", "start": "news", "modules": [
        { "type": "message", "name": "news", "prompts": ["news"], "transferTo": "+358201234000" } ] }
      """
    When a caller calls
    Then the caller hears "news"
    And the call is transferred to +358201234000

  @inprocess
  Scenario: A caller hears one message after another
    Given the call flow:
      """json
      { "name": "Spec", "start": "welcome", "modules": [
        { "type": "message", "name": "welcome", "prompts": ["welcome"], "next": "news" },
        { "type": "message", "name": "news", "prompts": ["news"], "queue": "support" } ] }
      """
    When a caller calls
    Then the caller hears "welcome" and "news"
    And the call enters the queue "support"
