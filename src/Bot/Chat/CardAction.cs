using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Chat;

/// <summary>
/// What clicking a button asks for, as a value: which use case, on which request or proposal, with which arguments.
/// Every channel renders it into its own button (a Slack block action's value, a Teams <c>Action.Execute</c> or
/// <c>Action.Submit</c> data object, the console's JSON) with <see cref="Encode"/>, and reads a click back with
/// <see cref="Decode(string?)"/> or <see cref="Decode(JsonElement)"/>: the pipeline runs the value, never text.
/// Buttons posted before this encoding (a verb and one argument) still read through <see cref="FromLegacy"/>.
/// The cases are the whole set (the constructor is private).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "do", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(Approve), "approve")]
[JsonDerivedType(typeof(Reject), "reject")]
[JsonDerivedType(typeof(RequestFailover), "failover")]
[JsonDerivedType(typeof(ResumeOperation), "resume")]
public abstract record CardAction
{
    /// <summary>
    /// The longest encoded action a channel carries: Slack's limit on a button's <c>value</c> (2,000 characters). Teams'
    /// card data has no smaller limit, so both are held to this one bound, when a button is rendered and when a click is read.
    /// </summary>
    public const int MaxEncodedLength = 2_000;

    /// <summary>How the action is written on the wire: camelCase, its case named by <c>do</c>, which may come anywhere in the object.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true };

    private CardAction()
    {
    }

    /// <summary>The case's name (<c>approve</c>, <c>reject</c>, <c>failover</c>, <c>resume</c>): a Slack <c>action_id</c>, a Teams <c>verb</c>.</summary>
    [JsonIgnore]
    public string Kind => this switch
    {
        Approve => "approve",
        Reject => "reject",
        RequestFailover => "failover",
        ResumeOperation => "resume",
        _ => throw new UnreachableException(),
    };

    /// <summary>What it acts on (a request id, an operation id, the failover proposal): the buttons on one thing are shown together.</summary>
    [JsonIgnore]
    public string Concerns => this switch
    {
        Approve a => a.RequestId,
        Reject r => r.RequestId,
        RequestFailover => "failover-proposal",
        ResumeOperation r => r.OperationId,
        _ => throw new UnreachableException(),
    };

    /// <summary>Approves pending request <paramref name="RequestId"/> (a second person's decision).</summary>
    public sealed record Approve(string RequestId) : CardAction;

    /// <summary>Rejects pending request <paramref name="RequestId"/>.</summary>
    public sealed record Reject(string RequestId) : CardAction;

    /// <summary>
    /// Requests a failover in the clicker's name (the outage proposal's button); <paramref name="PrimaryDown"/>: the asker
    /// acknowledges that the active node is down. Another approver still approves it.
    /// </summary>
    public sealed record RequestFailover(bool PrimaryDown, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ServiceName? Service = null) : CardAction;

    /// <summary>Requests that interrupted operation <paramref name="OperationId"/> be resumed (approved by a second person).</summary>
    public sealed record ResumeOperation(string OperationId) : CardAction;

    /// <summary>The action as a JSON object's text, at most <see cref="MaxEncodedLength"/> characters (a longer one is a bug: ids are short).</summary>
    public string Encode()
    {
        var encoded = JsonSerializer.Serialize(this, Json);
        return encoded.Length <= MaxEncodedLength
            ? encoded
            : throw new InvalidOperationException($"A {Kind} button's action is {encoded.Length} characters long; buttons carry at most {MaxEncodedLength}.");
    }

    /// <summary>The action a button carried, or null when <paramref name="encoded"/> is not one (too long, not JSON, no known case, a field missing).</summary>
    public static CardAction? Decode(string? encoded)
    {
        if (encoded is null || encoded.Length > MaxEncodedLength)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(encoded);
            return Decode(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The action in a JSON object (Teams' card data), or null as for <see cref="Decode(string?)"/>.</summary>
    public static CardAction? Decode(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("do", out _) || element.GetRawText().Length > MaxEncodedLength)
        {
            return null;
        }

        try
        {
            return element.Deserialize<CardAction>(Json) is { } action && action.IsComplete ? action : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// A button posted before actions were values: a verb (<c>approve</c>, <c>reject</c>, <c>failover</c>, <c>resume</c>) and
    /// its one argument (a request id, <c>--primary-down</c>, an operation id). Approval cards pending in the journal and alert
    /// cards already in channels carry these; null for anything else.
    /// </summary>
    public static CardAction? FromLegacy(string? verb, string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument) || argument.Length > MaxLegacyArgument)
        {
            return null;
        }

        return verb switch
        {
            "approve" => new Approve(argument),
            "reject" => new Reject(argument),
            "failover" when argument == "--primary-down" => new RequestFailover(PrimaryDown: true),
            "resume" => new ResumeOperation(argument),
            _ => null,
        };
    }

    /// <summary>The longest argument an old button carried (operation ids are about 40 characters).</summary>
    private const int MaxLegacyArgument = 128;

    /// <summary>Deserialization leaves a missing string null: such an action names nothing.</summary>
    private bool IsComplete => this switch
    {
        Approve a => !string.IsNullOrWhiteSpace(a.RequestId),
        Reject r => !string.IsNullOrWhiteSpace(r.RequestId),
        ResumeOperation r => !string.IsNullOrWhiteSpace(r.OperationId),
        _ => true,
    };
}
