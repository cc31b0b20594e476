using System.Text.Json.Serialization;

namespace MailHa.Operations.Vip;

/// <summary>What a TCP service port said when probed from outside.</summary>
// Serialised with its kind and members (status --json, the console board): the base alone has nothing to show.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Answered), "answered")]
[JsonDerivedType(typeof(Silent), "silent")]
public abstract record ServiceAnswer;

/// <summary>It accepted and sent a first line (an SMTP banner, an HTTP status...).</summary>
public sealed record Answered(string Banner) : ServiceAnswer;

/// <summary>Nothing answered: refused, no route, or no banner within the timeout.</summary>
public sealed record Silent(string Reason) : ServiceAnswer;
