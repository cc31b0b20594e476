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
/// The local operator console: a page to chat with the bot as one of the people who have a console
/// identity, and a live status board. Loopback only. It goes through the same router, approvals and
/// audit as Slack and Teams. Only in <see cref="ConsoleMode.Demo"/> does it take the browser's word for who
/// is acting; in <see cref="ConsoleMode.SignIn"/> (the default) it shows nothing and acts on nothing (401).
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>The page's JSON: camelCase, enums as names.</summary>
    private static readonly JsonSerializerOptions BoardJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled)
        {
            return app;
        }

        var group = app.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(context)
                : Results.StatusCode(StatusCodes.Status403Forbidden));

        var mode = app.ServiceProvider.GetRequiredService<IOptions<ConsoleOptions>>().Value.Mode;
        if (mode != ConsoleMode.Demo)
        {
            // Outside demo mode the real endpoints are not even mapped: every console path answers 401 before any body is read.
            var refusal = Results.Json(
                new { error = $"sign-in required: the console acts only for a signed-in person ({ConsoleOptions.Section}:Mode = {mode}); Demo mode lets anyone on this host act as anyone" },
                statusCode: StatusCodes.Status401Unauthorized);
            group.MapGet("/", () => refusal);
            group.Map("/console/{**rest}", () => refusal);
            return app;
        }

        group.MapGet("/", () => Results.Content(ConsolePage.Html, "text/html; charset=utf-8"));
        group.MapGet("/console/api/people", (IOptions<PeopleOptions> people) =>
            people.Value.People.SelectMany(p => p.Console.Select(c => new { id = c.User, name = p.Name, roles = p.Roles.Select(r => r.ToString()) })));
        group.MapGet("/console/api/feed", (long? since, ConsoleFeed feed) =>
        {
            var (entries, version) = feed.Since(since ?? 0);
            return Results.Json(new { version, entries }, BoardJson);
        });
        group.MapPost("/console/api/command", async (ConsoleCommandRequest request, ConsoleFeed feed, IChatRouter router, IOptions<PeopleOptions> people, CancellationToken ct) =>
        {
            if (Account(people.Value, request.As) is not { } user || string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > InputBounds.MaxCommandLength)
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
        group.MapPost("/console/api/action", async (ConsoleActionRequest request, ConsoleFeed feed, IChatRouter router, IOptions<PeopleOptions> people, CancellationToken ct) =>
        {
            if (Account(people.Value, request.As) is not { } user)
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
            var runs = JournalAvailability.OrNullAsync(history.RecentAsync(100, ct));
            var trail = JournalAvailability.OrNullAsync(audit.RecentAsync(30, ct));
            var pending = JournalAvailability.OrNullAsync(approvals.PendingAsync(ct));
            await Task.WhenAll(report, runs, trail, pending);
            return Results.Json(new
            {
                headline = StatusText.Headline(await report),
                status = await report,
                runs = await runs ?? [],
                pending = (await pending ?? []).Select(p => new { p.Id, Kind = p.Approvable.Verb, p.Summary, Requester = p.Requester.Name, p.ExpiresAt }),
                audit = await trail ?? [],
            }, BoardJson);
        });
        return app;
    }

    private static ChatUser? Account(PeopleOptions people, string id)
    {
        var person = people.People.FirstOrDefault(p => p.Console.Any(c => c.User == id));
        return person is null ? null : new ChatUser(ChatPlatform.Console, "local", id, person.Name);
    }
}
