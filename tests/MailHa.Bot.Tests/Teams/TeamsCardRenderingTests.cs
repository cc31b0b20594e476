using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Teams;

/// <summary>
/// The cards MailHa really sends to Teams, rendered by the real Adaptive Cards renderer (<see cref="AdaptiveCardsSdk"/>):
/// what a person reads is exactly what MailHa meant, line by line and character by character (the commands behind
/// "Show commands" above all), every toggle shows what it hides, and every button reaches MailHa as the action it
/// stands for, as <c>Action.Execute</c> and as its <c>Action.Submit</c> fallback. Runs under CI=true (never skipped).
/// Set MAILHA_CARD_SCREENSHOTS to a folder to get a PNG of each card as rendered.
/// </summary>
public sealed class TeamsCardRenderingTests(TeamsCardRenderingTests.Renderer renderer) : IClassFixture<TeamsCardRenderingTests.Renderer>
{
    /// <summary>The stray-pull guard of the switchover's final sync: the line the issue saw lose six <c>*</c> and six <c>\</c>.</summary>
    private const string StrayPullGuard = @"/proc/[0-9]*/environ | sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p'";

    public static TheoryData<string> Cards =>
    [
        MailHaCards.Help, MailHaCards.StatusHealthy, MailHaCards.StatusDegraded, MailHaCards.StatusServices, MailHaCards.DryRun, MailHaCards.ApprovalRequest,
        MailHaCards.ApprovalDecided, MailHaCards.Approvals, MailHaCards.Audit, MailHaCards.MirrorHistory, MailHaCards.FailoverProposal,
    ];

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Card_ShowsExactlyTheTextMailHaMeant_LineByLine(string name)
    {
        AdaptiveCardsSdk.Require();
        var (message, card) = await renderer.CardAsync(name);

        var rendered = await (await renderer.SdkAsync()).RenderAsync(card);
        await renderer.ScreenshotAsync(name);

        Assert.Empty(rendered.Problems);
        Assert.Equal(Meant(message), rendered.Texts.Select(Seen));
    }

    [Theory]
    [InlineData(MailHaCards.DryRun)]
    [InlineData(MailHaCards.ApprovalRequest)]
    [InlineData(MailHaCards.ApprovalDecided)]
    public async Task Card_ShowsTheCommandsThatRun_BehindShowCommands(string name)
    {
        AdaptiveCardsSdk.Require();
        var (message, card) = await renderer.CardAsync(name);

        var rendered = await (await renderer.SdkAsync()).RenderAsync(card);

        var commands = Assert.Single(message.Sections, s => s.Behind == "Show commands").Text.Split('\n');
        Assert.Contains(commands, line => line.Contains(StrayPullGuard, StringComparison.Ordinal));
        var seen = rendered.Texts.Select(Seen).ToList();
        var at = seen.IndexOf(commands[0]);
        Assert.True(at >= 0, $"the commands' first line is not shown: {commands[0]}");
        Assert.Equal(commands, seen.Skip(at).Take(commands.Length));
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Card_KeepsEveryToggleAndButton_AsExecuteAndAsSubmitFallback(string name)
    {
        AdaptiveCardsSdk.Require();
        var (message, card) = await renderer.CardAsync(name);
        var sdk = await renderer.SdkAsync();

        var execute = await sdk.RenderAsync(card, executeSupported: true);
        var submit = await sdk.RenderAsync(card, executeSupported: false);

        var expanders = message.Sections.Select(s => s.Behind).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(expanders, execute.Toggles.Select(t => t.Title));
        Assert.All(execute.Toggles, t =>
        {
            Assert.NotEmpty(t.Targets);
            Assert.All(t.Found, Assert.True);
            Assert.All(t.HiddenBefore, Assert.True);
            Assert.All(t.ShownAfter, Assert.True);
        });

        var meant = message.Actions.Select(a => (a.Title, a.Action)).ToList();
        Assert.All(execute.Actions, a => Assert.Equal("Action.Execute", a.Type));
        Assert.Equal(meant, execute.Actions.Select(a => (a.Title!, Reached(ExecuteInvoke(a)))).Select(x => (x.Item1, x.Item2.Action)));
        Assert.All(submit.Actions, a => Assert.Equal("Action.Submit", a.Type));
        Assert.Equal(meant, submit.Actions.Select(a => (a.Title!, Reached(SubmitMessage(a)))).Select(x => (x.Item1, x.Item2.Action)));
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Activity_FitsTeamsLimitUncut(string name)
    {
        var (message, _) = await renderer.CardAsync(name);

        var activity = AdaptiveCardRenderer.Activity(message);

        Assert.True(Encoding.UTF8.GetByteCount(activity.ToJsonString()) <= AdaptiveCardRenderer.MaxActivityBytes);
        Assert.Equal(AdaptiveCardRenderer.Card(message).ToJsonString(), activity["attachments"]![0]!["content"]!.ToJsonString());
    }

    /// <summary>What MailHa meant, one entry per line: the title, the sections shown at once, then those behind each expansion.</summary>
    private static IEnumerable<string> Meant(ChatMessage message) =>
        new[] { message.Title }
            .Concat(message.Sections.Where(s => s.Behind is null).Select(s => s.Text))
            .Concat(message.Sections.Where(s => s.Behind is not null).GroupBy(s => s.Behind!, StringComparer.Ordinal).SelectMany(g => g.Select(s => s.Text)))
            .SelectMany(text => text.Split('\n'))
            .Select(line => line.Trim().Length == 0 ? "" : line);

    /// <summary>A rendered line as a person reads it: a non-breaking space is a space, and a line of nothing but spaces is empty.</summary>
    private static string Seen(string text)
    {
        var line = text.Replace('\u00A0', ' ');
        return line.Trim().Length == 0 ? "" : line;
    }

    /// <summary>The invoke Teams sends for an <c>Action.Execute</c> click.</summary>
    private static TeamsActivity ExecuteInvoke(ClickedAction action) => Activity(
        "invoke",
        new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = action.Verb, ["data"] = JsonNode.Parse(action.Data ?? "{}") },
            ["trigger"] = "manual",
        },
        "adaptiveCard/action");

    /// <summary>The message Teams sends for an <c>Action.Submit</c> click: the action's data as its value.</summary>
    private static TeamsActivity SubmitMessage(ClickedAction action) => Activity("message", JsonNode.Parse(action.Data ?? "{}")!, null);

    private static TeamsActivity Activity(string type, JsonNode value, string? name) => new(
        type, "activity-1", "https://smba.example.test/", "msteams", new TeamsChannelAccount("29:alice", "alice", "aad-alice"), null,
        null, null, null, null, JsonDocument.Parse(value.ToJsonString()).RootElement, "card-1", name);

    /// <summary>What MailHa reads from the click: the verb and request it acts on.</summary>
    private static ChatActionEvent Reached(TeamsActivity activity)
    {
        var user = new ChatUser(ChatPlatform.Teams, "tenant-1", "aad-alice", "alice");
        var read = activity.Type == "invoke"
            ? TeamsActivityReader.ExecuteAction(activity, user, activity.ServiceUrl!)
            : TeamsActivityReader.SubmitAction(activity, user, activity.ServiceUrl!);
        return Assert.IsType<ChatActionEvent>(read);
    }

    /// <summary>The cards (made once) and the renderer (started once, on first use) for the whole class.</summary>
    public sealed class Renderer : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private IReadOnlyDictionary<string, ChatMessage>? _cards;
        private AdaptiveCardsSdk? _sdk;

        public async Task<(ChatMessage Message, JsonObject Card)> CardAsync(string name)
        {
            await _gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                _cards ??= await MailHaCards.ProduceAsync(TestContext.Current.CancellationToken);
            }
            finally
            {
                _gate.Release();
            }

            var message = _cards[name];
            return (message, AdaptiveCardRenderer.Card(message));
        }

        public async Task<AdaptiveCardsSdk> SdkAsync()
        {
            await _gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                return _sdk ??= await AdaptiveCardsSdk.StartAsync();
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>A PNG of the card last rendered, when MAILHA_CARD_SCREENSHOTS names a folder.</summary>
        public async Task ScreenshotAsync(string name)
        {
            if (Environment.GetEnvironmentVariable("MAILHA_CARD_SCREENSHOTS") is { Length: > 0 } folder && _sdk is not null)
            {
                await _sdk.ScreenshotAsync(Path.Combine(folder, $"{name.Replace(' ', '-').Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal)}.png"));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_sdk is not null)
            {
                await _sdk.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
