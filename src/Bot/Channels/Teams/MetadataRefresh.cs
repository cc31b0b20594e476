using System.Runtime.CompilerServices;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// How Microsoft.IdentityModel refreshes signing metadata, set for the whole process before anything reads it (the
/// library reads its switches once). Since version 8 a refresh runs in the background by default: after a key rollover
/// the activity that brought the new key was rejected (401, and Teams does not send it again), and which activity got
/// in depended on thread timing. MailHa's endpoints see a few requests a minute, so a refresh that completes before the
/// request is decided is what they need (<see cref="BotFrameworkAuthenticator"/>: one refresh, then decide; the
/// console's sign-in metadata alike).
/// </summary>
internal static class MetadataRefresh
{
    /// <summary>The library's own switch: a configuration refresh completes before <c>GetConfigurationAsync</c> returns.</summary>
    public const string UpdateConfigAsBlocking = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    [ModuleInitializer]
    internal static void Blocking() => AppContext.SetSwitch(UpdateConfigAsBlocking, true);
}
