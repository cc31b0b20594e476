using System.Text.Json;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Chat;

/// <summary>A button's action on the wire: encoded once, read back as the same value, old buttons still read, bounded.</summary>
public class CardActionTests
{
    public static TheoryData<string> Kinds => new("approve", "reject", "failover", "resume");

    /// <summary>One action of each case, by its kind.</summary>
    private static CardAction Sample(string kind) => kind switch
    {
        "approve" => new CardAction.Approve("r-1a2b3c"),
        "reject" => new CardAction.Reject("r-1a2b3c"),
        "failover" => new CardAction.RequestFailover(PrimaryDown: true),
        _ => new CardAction.ResumeOperation("switchover-20261126-004800-1a2b"),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_GivesBackTheSameAction_WhenEncoded(string kind)
    {
        var action = Sample(kind);

        var encoded = action.Encode();

        Assert.Equal(action, CardAction.Decode(encoded));
        Assert.Equal(kind, action.Kind);
        using var document = JsonDocument.Parse(encoded);
        Assert.Equal(kind, document.RootElement.GetProperty("do").GetString());
    }

    [Fact]
    public void Decode_ReadsTheAction_WhenItsCaseIsNotTheFirstProperty()
    {
        Assert.Equal(new CardAction.Reject("r-1a2b3c"), CardAction.Decode("""{"requestId":"r-1a2b3c","do":"reject"}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("r-1a2b3c")]
    [InlineData("{}")]
    [InlineData("""{"do":"status"}""")]
    [InlineData("""{"do":"approve"}""")]
    [InlineData("""{"do":"approve","requestId":42}""")]
    [InlineData("""["approve","r-1a2b3c"]""")]
    public void Decode_IsNull_WhenTheTextIsNotAnAction(string encoded)
    {
        Assert.Null(CardAction.Decode(encoded));
    }

    [Fact]
    public void Decode_IsNull_WhenLongerThanAButtonCarries()
    {
        var encoded = $$"""{"do":"approve","requestId":"{{new string('a', CardAction.MaxEncodedLength)}}"}""";

        Assert.Null(CardAction.Decode(encoded));
    }

    [Fact]
    public void Encode_Throws_WhenLongerThanAButtonCarries()
    {
        Assert.Throws<InvalidOperationException>(() => new CardAction.ResumeOperation(new string('a', CardAction.MaxEncodedLength)).Encode());
    }

    [Theory]
    [InlineData("approve", "r-1a2b3c")]
    [InlineData("reject", "r-1a2b3c")]
    [InlineData("failover", "--primary-down")]
    [InlineData("resume", "switchover-20261126-004800-1a2b")]
    public void FromLegacy_ReadsTheButtonsPostedBeforeActionsWereValues(string verb, string argument)
    {
        CardAction expected = verb switch
        {
            "approve" => new CardAction.Approve(argument),
            "reject" => new CardAction.Reject(argument),
            "failover" => new CardAction.RequestFailover(PrimaryDown: true),
            _ => new CardAction.ResumeOperation(argument),
        };

        Assert.Equal(expected, CardAction.FromLegacy(verb, argument));
    }

    [Theory]
    [InlineData("status", "r-1a2b3c")]
    [InlineData("failover", "--accept-sync-failure")]
    [InlineData("approve", "")]
    [InlineData(null, "r-1a2b3c")]
    public void FromLegacy_IsNull_WhenNoOldButtonCarriedIt(string? verb, string argument)
    {
        Assert.Null(CardAction.FromLegacy(verb, argument));
    }

    [Fact]
    public void FromLegacy_IsNull_WhenTheArgumentIsLongerThanAnyIdEver()
    {
        Assert.Null(CardAction.FromLegacy("approve", new string('a', 129)));
    }

    [Fact]
    public void Deserialize_ReadsAButtonKeptBeforeActionsWereValues()
    {
        const string kept = """{"verb":"approve","title":"Approve","requestId":"r-1a2b3c","style":"Primary"}""";

        var action = JsonSerializer.Deserialize<ChatAction>(kept, ChatStateJson.Options);

        Assert.Equal(new ChatAction(new CardAction.Approve("r-1a2b3c"), "Approve", ChatActionStyle.Primary), action);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Deserialize_GivesBackTheSameButton_WhenSerialized(string kind)
    {
        var button = new ChatAction(Sample(kind), "Press", ChatActionStyle.Danger);

        var json = JsonSerializer.Serialize(button, ChatStateJson.Options);

        Assert.Equal(button, JsonSerializer.Deserialize<ChatAction>(json, ChatStateJson.Options));
    }

    [Fact]
    public void Deserialize_Throws_WhenTheButtonNamesNoAction()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ChatAction>("""{"title":"Approve"}""", ChatStateJson.Options));
    }
}
