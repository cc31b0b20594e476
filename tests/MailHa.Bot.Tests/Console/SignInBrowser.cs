using System.Net;
using System.Net.Http.Json;
using MailHa.Bot.Tests.Teams;

namespace MailHa.Bot.Tests.Console;

/// <summary>
/// A browser as far as sign-in goes: its own cookie jar, and redirects followed one by one (so every address it was
/// sent to is seen, codes included) across the console and the provider. Two tabs of one person share one browser.
/// </summary>
public sealed class SignInBrowser : IDisposable
{
    private const int MaxRedirects = 20;

    private readonly HttpClient _http = new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

    /// <summary>Every address requested, in order.</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>GETs <paramref name="address"/> and follows its redirects to the page they end on.</summary>
    public Task<Landed> OpenAsync(Uri address) => FollowAsync(new HttpRequestMessage(HttpMethod.Get, address));

    /// <summary>
    /// Opens the console, which sends the browser to the provider's login form, and submits it as <paramref name="account"/>
    /// (the form posts to its own address plus <c>/login</c>, tests/oidc-provider/provider.js); returns where that ends.
    /// </summary>
    public async Task<Landed> SignInAsync(Uri console, string account, string? password = null)
    {
        var form = await OpenAsync(console);
        Assert.True(form.Status == HttpStatusCode.OK && form.Body.Contains("Sign in to the lab's provider", StringComparison.Ordinal), $"{form.Address}: {form.Status} {form.Body}");
        var login = new HttpRequestMessage(HttpMethod.Post, new Uri(form.Address.AbsoluteUri + "/login"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = account, ["password"] = password ?? LocalOpenIdProvider.Password(account) }),
        };
        return await FollowAsync(login);
    }

    /// <summary>A call of the console's API, as the page makes it (no redirect followed).</summary>
    public async Task<HttpResponseMessage> PostJsonAsync<T>(Uri address, T body)
    {
        Visited.Add(address);
        return await _http.PostAsJsonAsync(address, body, Wait.Token());
    }

    public async Task<HttpResponseMessage> GetAsync(Uri address)
    {
        Visited.Add(address);
        return await _http.GetAsync(address, Wait.Token());
    }

    public void Dispose() => _http.Dispose();

    private async Task<Landed> FollowAsync(HttpRequestMessage request)
    {
        var token = Wait.Token();
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            var address = request.RequestUri!;
            Visited.Add(address);
            using var response = await _http.SendAsync(request, token);
            request.Dispose();
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, location));
                continue;
            }

            return new Landed(address, response.StatusCode, await response.Content.ReadAsStringAsync(token));
        }

        throw new InvalidOperationException($"more than {MaxRedirects} redirects: {string.Join(" → ", Visited)}");
    }
}

/// <summary>Where a browser ended after its redirects: the address, its status and the page.</summary>
public sealed record Landed(Uri Address, HttpStatusCode Status, string Body);
