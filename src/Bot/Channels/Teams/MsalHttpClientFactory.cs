using Microsoft.Identity.Client;

namespace MailHa.Bot.Channels.Teams;

/// <summary>Gives MSAL the named <c>IHttpClientFactory</c> client, so handlers are pooled and configurable in one place.</summary>
internal sealed class MsalHttpClientFactory(IHttpClientFactory httpClients) : IMsalHttpClientFactory
{
    public HttpClient GetHttpClient() => httpClients.CreateClient(TeamsExtensions.LoginHttpClient);
}
