using System.Text;
using MailHa.Bot.Channels.Slack;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Bot.Tests.Slack;

public sealed class SlackReplayGuardTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(1_770_000_000));

    private SlackSignatureValid Signed(string signature) => new(time.GetUtcNow().ToUnixTimeSeconds(), signature);

    [Fact]
    public void Check_ForgetsSignature_WhenWindowHasPassed()
    {
        var guard = new SlackReplayGuard(time);
        var request = Signed("v0=aa");
        guard.Check(request, "body"u8, isSlackRetry: false);

        time.Advance(SlackRequestVerifier.Window + TimeSpan.FromSeconds(2));
        var replayedAfterWindow = guard.Check(request, "body2"u8, isSlackRetry: false);

        // Past the window the verifier refuses the timestamp anyway; the guard need not remember it.
        Assert.Equal(SlackReplayVerdict.New, replayedAfterWindow);
    }

    [Fact]
    public void Check_RefusesRatherThanForgets_WhenMemoryFullOfLiveEntries()
    {
        var guard = new SlackReplayGuard(time);
        for (var i = 0; i < SlackReplayGuard.Capacity / 2; i++)
        {
            Assert.Equal(SlackReplayVerdict.New, guard.Check(Signed($"v0={i}"), Encoding.UTF8.GetBytes($"body {i}"), isSlackRetry: false));
        }

        var verdict = guard.Check(Signed("v0=new"), "new body"u8, isSlackRetry: false);

        Assert.Equal(SlackReplayVerdict.Full, verdict);
    }

    [Fact]
    public void Check_MakesRoom_WhenOldEntriesExpire()
    {
        var guard = new SlackReplayGuard(time);
        for (var i = 0; i < SlackReplayGuard.Capacity / 2; i++)
        {
            guard.Check(Signed($"v0={i}"), Encoding.UTF8.GetBytes($"body {i}"), isSlackRetry: false);
        }

        time.Advance(3 * SlackRequestVerifier.Window);
        var verdict = guard.Check(Signed("v0=new"), "new body"u8, isSlackRetry: false);

        Assert.Equal(SlackReplayVerdict.New, verdict);
    }
}
