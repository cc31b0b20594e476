// Renders one Adaptive Card with the real adaptivecards SDK (loaded before this file, with markdown-it as the SDK's
// markdown processor) and reports what a person sees: the text of every visible text element, one entry per rendered
// element, after every Action.ToggleVisibility has been clicked; each toggle and its targets; each card action as
// clicking it hands it to the host (Action.Execute, or its Action.Submit fallback when executeSupported is false).
// Used by tests/MailHa.Bot.Tests/Teams/TeamsCardRenderingTests.cs.
window.renderMailHaCard = function (cardJson, hostConfigJson, executeSupported) {
  const AC = window.AdaptiveCards;
  const root = document.getElementById("card");
  root.replaceChildren();

  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(hostConfigJson);
  const clicked = [];
  card.onExecuteAction = (action) => {
    const type = action.getJsonTypeName();
    if (type !== "Action.ToggleVisibility") {
      clicked.push({ type, title: action.title ?? null, verb: action.verb ?? null, data: action.data === undefined ? null : JSON.stringify(action.data) });
    }
  };

  const context = new AC.SerializationContext();
  if (!executeSupported) {
    // A host of an older Adaptive Cards version: Action.Execute is unknown, so its declared fallback is used.
    const actions = new AC.CardObjectRegistry();
    AC.GlobalRegistry.populateWithDefaultActions(actions);
    actions.unregister("Action.Execute");
    context.setActionRegistry(actions);
  }

  card.parse(cardJson, context);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    problems.push(`validate: ${e.message}`);
  }

  const rendered = card.render();
  root.appendChild(rendered);

  // Every action of the card, those of ActionSets in its body included, once each.
  const all = Array.from(new Set(card.getAllActions()));

  const toggles = [];
  for (const action of all.filter((a) => a.getJsonTypeName() === "Action.ToggleVisibility")) {
    const targets = Object.keys(action.targetElements);
    const hiddenBefore = targets.map((id) => card.getElementById(id)?.isVisible === false);
    action.renderedElement.click();
    const shownAfter = targets.map((id) => {
      const target = card.getElementById(id);
      return target !== undefined && target.isVisible === true && target.renderedElement?.offsetParent !== null;
    });
    toggles.push({ title: action.title, targets, found: targets.map((id) => card.getElementById(id) !== undefined), hiddenBefore, shownAfter });
  }

  const texts = Array.from(rendered.querySelectorAll(".ac-richTextBlock, .ac-textBlock"))
    .filter((e) => e.offsetParent !== null)
    .map((e) => e.innerText);

  for (const action of all.filter((a) => a.getJsonTypeName() !== "Action.ToggleVisibility")) {
    action.renderedElement.click();
  }

  return { problems, texts, toggles, actions: clicked };
};
