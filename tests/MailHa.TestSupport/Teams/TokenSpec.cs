using Microsoft.IdentityModel.Tokens;

namespace MailHa.TestSupport.Teams;

/// <summary>What to put in a test JWT; defaults describe a valid Bot Framework token for the test bot.</summary>
public sealed record TokenSpec
{
    public string Issuer { get; init; } = "https://api.botframework.com";

    public string Audience { get; init; } = TeamsActivities.BotAppId;

    /// <summary>The <c>serviceurl</c> claim; null leaves it out.</summary>
    public string? ServiceUrl { get; init; }

    public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromHours(1);

    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;
}
