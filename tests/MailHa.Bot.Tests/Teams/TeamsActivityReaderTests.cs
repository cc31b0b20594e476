using System.Text.Json;
using MailHa.Bot.Channels.Teams;

namespace MailHa.Bot.Tests.Teams;

public class TeamsActivityReaderTests
{
    [Theory]
    [InlineData("<at>MailHa</at> /mail status", "status")]
    [InlineData("<at>MailHa</at> mail status", "status")]
    [InlineData("<at>MailHa</at> status", "status")]
    [InlineData("<AT>mailha</AT> /Mail failover --dry-run", "failover --dry-run")]
    [InlineData("/mail status", "status")]
    [InlineData("mail status", "status")]
    [InlineData("/status", "status")]
    [InlineData("status <at>MailHa</at>\n", "status")]
    [InlineData("  /mail  ", "")]
    [InlineData("mailbox quota", "mailbox quota")]
    public void CommandText_StripsBotMentionSlashAndMailWord_WhenPresent(string text, string expected)
    {
        Assert.Equal(expected, TeamsActivityReader.CommandText(Activity(text, "28:bot")));
    }

    [Fact]
    public void CommandText_KeepsOtherMentions_WhenTheyAreNotTheBot()
    {
        var activity = Activity("<at>MailHa</at> handover <at>Bob</at>", "28:bot", ("28:bot", "<at>MailHa</at>"), ("29:bob", "<at>Bob</at>"));

        Assert.Equal("handover <at>Bob</at>", TeamsActivityReader.CommandText(activity));
    }

    [Fact]
    public void TenantId_IsNull_WhenConversationAndChannelDataDisagree()
    {
        var activity = Activity("status", "28:bot") with
        {
            Conversation = new TeamsConversationAccount("c", "channel", "tenant-a"),
            ChannelData = JsonDocument.Parse("""{"tenant":{"id":"tenant-b"}}""").RootElement,
        };

        Assert.Null(activity.TenantId());
    }

    [Fact]
    public void TenantId_ComesFromChannelData_WhenConversationHasNone()
    {
        var activity = Activity("status", "28:bot") with
        {
            Conversation = new TeamsConversationAccount("c", "personal", null),
            ChannelData = JsonDocument.Parse("""{"tenant":{"id":"tenant-b"}}""").RootElement,
        };

        Assert.Equal("tenant-b", activity.TenantId());
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi", "abc.def.ghi")]
    [InlineData("Bearer  abc.def.ghi", null)]
    [InlineData("bearer abc.def.ghi", null)]
    [InlineData("Bearer abc def", null)]
    [InlineData("Bearer ", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void BearerToken_AcceptsExactlyTwoParts_WhenSchemeIsBearer(string? header, string? expected)
    {
        Assert.Equal(expected, BotFrameworkAuthenticator.BearerToken(header));
    }

    [Fact]
    public void ReadEndorsements_MapsEachKidToItsChannels_WhenKeysCarryEndorsements()
    {
        const string keys = """
            {"keys":[
              {"kty":"RSA","kid":"a","n":"x","e":"AQAB","endorsements":["msteams","skype"]},
              {"kty":"RSA","kid":"b","n":"x","e":"AQAB"}]}
            """;

        var endorsements = BotFrameworkConfigurationRetriever.ReadEndorsements(keys);

        Assert.True(endorsements["a"].SetEquals(["msteams", "skype"]));
        Assert.False(endorsements.ContainsKey("b"));
    }

    private static TeamsActivity Activity(string text, string botId, params (string Id, string Text)[] mentions)
    {
        if (mentions.Length == 0)
        {
            mentions = [(botId, "<at>MailHa</at>")];
        }

        var entities = JsonSerializer.SerializeToElement(mentions.Select(m => new
        {
            type = "mention",
            text = m.Text,
            mentioned = new { id = m.Id, name = "x" },
        }));
        return new TeamsActivity(
            "message", "1", "https://smba.trafficmanager.net/emea/", "msteams",
            new TeamsChannelAccount("29:a", "Ada", "oid"), new TeamsChannelAccount(botId, "MailHa", null),
            new TeamsConversationAccount("c", "channel", "t"), null, text, entities, null, null, null);
    }
}
