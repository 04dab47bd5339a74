@wire
Feature: An offer nobody answers in time
  An offer rings one agent for the offer timeout. When the agent's phone is not picked up in that time, the
  contact centre stops ringing it, the agent becomes No answer (shown on the desktop) and the call goes to the
  next ready agent. The agent takes calls again once they make themselves ready.

  Background:
    Given the demo contact centre is running with an offer timeout of 3 seconds
    And agent "agent1" is logged in with an external phone

  Scenario: A call not answered within the offer timeout goes to the next agent
    When agent "agent2" logs in with an external phone
    And the phone of agent "agent1" rings without being answered
    And a caller dials 0201234567
    And the caller hears the "menu" message
    And the caller presses 2
    Then the phone of agent "agent1" stops ringing
    And the desktop of "agent1" shows the state NoAnswer
    And agent "agent2" is offered the call and answers it
    When the caller says a 1000 Hz tone and agent "agent2" says a 800 Hz tone
    Then agent "agent2" hears 1000 Hz
    When agent "agent1" makes themselves ready on the desktop
    Then the desktop of "agent1" shows the state Ready
