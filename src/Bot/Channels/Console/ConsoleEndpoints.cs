using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Audit;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Console;

/// <summary>
/// The local operator console: a page to chat with the bot as the person acting, and a live status board. Loopback
/// only. It goes through the same router, approvals and audit as Slack and Teams. In <see cref="ConsoleMode.SignIn"/>
/// (the default) the acting person is the one signed in through the organisation's OpenID provider
/// (<see cref="ConsoleSignIn"/>): a page without a session goes to the provider, an API call answers 401, and a signed-in
/// user whom MailHa's people do not know gets 403; the browser's word for who is acting is ignored. Only in
/// <see cref="ConsoleMode.Demo"/> does the browser pick the person, under a banner on every page.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>The page's JSON: camelCase, enums as names.</summary>
    private static readonly JsonSerializerOptions BoardJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var group = app.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(context)
                : Results.StatusCode(StatusCodes.Status403Forbidden));

        if (options.Mode == ConsoleMode.Demo)
        {
            group.MapGet("/", () => Results.Content(ConsolePage.Demo, "text/html; charset=utf-8"));
            group.MapGet("/console/api/people", (ConsoleAccounts accounts) =>
                accounts.DemoPeople().Select(p => new { id = p.Id, name = p.Person.Name, roles = p.Person.Roles.Select(r => r.ToString()) }));
        }
        else
        {
            // Signed in (else the provider, or 401 for the API) as one of MailHa's people (else 403): checked before any body is read.
            group.RequireAuthorization(ConsoleSignIn.Policy);
            group.MapGet("/", () => Results.Content(ConsolePage.SignedIn, "text/html; charset=utf-8"));
            group.Map($"{ConsoleSignIn.ApiPath}/{{**rest}}", () => Results.NotFound()); // without a session every API path is 401 alike
            group.MapGet("/console/api/me", (HttpContext http, ConsoleAccounts accounts, PersonDirectory directory) =>
                accounts.Actor(http.User, null) is { } user && directory.Resolve(user) is { } person
                    ? Results.Json(new { name = person.Name, roles = person.Roles.Select(r => r.ToString()).Order(StringComparer.Ordinal) })
                    : Results.StatusCode(StatusCodes.Status403Forbidden));
        }

        group.MapGet("/console/api/feed", (long? since, ConsoleFeed feed) =>
        {
            var (entries, version) = feed.Since(since ?? 0);
            return Results.Json(new { version, entries }, BoardJson);
        });
        group.MapPost("/console/api/command", async (ConsoleCommandRequest request, HttpContext http, ConsoleAccounts accounts, ConsoleFeed feed, IChatRouter router, CancellationToken ct) =>
        {
            if (accounts.Actor(http.User, request.As) is not { } user || string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > InputBounds.MaxCommandLength)
            {
                return Results.BadRequest(new { error = "unknown person or empty/oversized text" });
            }

            feed.Add(user.DisplayName, ChatMessage.Text(request.Text));
            var answer = await router.HandleAsync(new ChatCommandEvent(user, Guid.NewGuid().ToString("N"), request.Text), feed, ct);
            if (answer is not null)
            {
                await feed.PostAsync(answer, ct);
            }

            return Results.Ok();
        });
        group.MapPost("/console/api/action", async (ConsoleActionRequest request, HttpContext http, ConsoleAccounts accounts, ConsoleFeed feed, IChatRouter router, CancellationToken ct) =>
        {
            if (accounts.Actor(http.User, request.As) is not { } user)
            {
                return Results.BadRequest(new { error = "unknown person" });
            }

            if (CardAction.Decode(request.Action) is not { } action)
            {
                return Results.BadRequest(new { error = "not a MailHa button's action" });
            }

            feed.Add(user.DisplayName, ChatMessage.Text($"[{action.Kind}] {action.Concerns}"));
            var card = new PostedMessage(ChatPlatform.Console, "console", request.MessageId);
            var answer = await router.HandleAsync(new ChatActionEvent(user, Guid.NewGuid().ToString("N"), action, card), feed, ct);
            if (answer is not null)
            {
                await feed.PostAsync(answer with { Title = $"(to {user.DisplayName}) {answer.Title}" }, ct);
            }

            return Results.Ok();
        });
        group.MapGet("/console/api/board", async (SharedStatus status, MirrorHistory history, ApprovalService approvals, AuditLog audit, CancellationToken ct) =>
        {
            // Without the journal the board shows status from the nodes (its journal line says so) and empty journal lists.
            var report = status.GetAsync(ct);
            var runs = JournalAvailability.OrNullAsync(history.RecentAsync(null, 100, ct));
            var trail = JournalAvailability.OrNullAsync(audit.RecentAsync(30, ct));
            var pending = JournalAvailability.OrNullAsync(approvals.PendingAsync(ct));
            await Task.WhenAll(report, runs, trail, pending);
            var read = await report;

            // The headline's colour from the verdicts themselves: any service not healthy, an interrupted operation, the journal away or a VIP unknown.
            var alarm = StatusText.Worst(read) != ServiceHealth.Healthy || read.Interrupted is not null || read.Journal is not null || read.Services.Any(s => s.Vip is null);
            return Results.Json(new
            {
                headline = StatusText.Headline(read),
                alarm,
                status = read,
                runs = await runs ?? [],
                pending = (await pending ?? []).Select(p => new { p.Id, Kind = p.Approvable.Verb, p.Summary, Requester = p.Requester.Name, p.ExpiresAt }),
                audit = await trail ?? [],
            }, BoardJson);
        });
        return app;
    }
}
