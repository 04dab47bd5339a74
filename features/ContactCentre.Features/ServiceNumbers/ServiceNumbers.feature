@wire
Feature: Service numbers
  A service number is the number callers dial to reach the contact centre; the administrator gives
  each one a flow. An alias is another number, often another operator's, that forwards to ours:
  its callers get the same flow. When a carrier diverts a call to us, the call is recognised by the
  number it was diverted from. The demo serves 020 1234567 (+358 20 1234567) with the alias
  09 4242 4242 (+358 9 4242 4242), both answered by the Demo flow's welcome message.

  Background:
    Given the demo contact centre is running

  Scenario Outline: A caller dials the service number in any form
    When a caller dials <dialled>
    Then the caller hears the "welcome" message

    Examples:
      | dialled        |
      | 0201234567     |
      | +358201234567  |
      | 00358201234567 |

  Scenario: A caller dials an alias of the service number
    When a caller dials +358942424242
    Then the caller hears the "welcome" message

  Scenario: A call diverted from the service number is answered by its flow
    When a call to +358509999999 arrives diverted from +358201234567
    Then the caller hears the "welcome" message

  Scenario: A call retargeted from the alias is answered by the service number's flow
    When a call to +358509999999 arrives retargeted from +358942424242
    Then the caller hears the "welcome" message

  Scenario: A call to a number the contact centre does not serve is refused
    When a caller dials 0209999999
    Then the call is refused with 404 Not Found

  Scenario: A call diverted from a number the contact centre does not serve is refused
    When a call to +358509999999 arrives diverted from +358501111111
    Then the call is refused with 404 Not Found
