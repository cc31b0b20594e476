using System.Diagnostics;
using System.Text.Json;
using MailHa.Bot.Chat;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// <c>POST /api/messages</c>. Authenticates every activity before anything else runs; acknowledges messages at
/// once and hands them to the shared <see cref="ChatDispatcher"/>; answers card-button invokes in the response.
/// The router's answer replaces the clicked card when there is one, else is posted in the conversation.
/// </summary>
internal sealed class TeamsEndpoint(
    BotFrameworkAuthenticator authenticator,
    ChatDispatcher dispatcher,
    TeamsConversationFactory conversations,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TeamsEndpoint> logger)
{
    public const string Path = "/api/messages";
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    private const int MaxBodyBytes = 1 << 20;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count != 1 || BotFrameworkAuthenticator.BearerToken(authorization[0]) is null)
        {
            TeamsLog.AuthRejected(logger, "Authorization is not a single 'Bearer <jwt>'");
            return Results.Unauthorized();
        }

        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        switch (await authenticator.AuthenticateAsync(authorization[0], body, cancellationToken))
        {
            case TeamsAuthenticated authenticated:
                return await AcceptAsync(authenticated.Activity, authenticated, cancellationToken);
            case TeamsActivityMalformed malformed:
                TeamsLog.BadRequest(logger, malformed.Reason);
                return Results.BadRequest();
            case TeamsAuthRejected rejected:
                TeamsLog.AuthRejected(logger, rejected.Reason);
                return Results.Unauthorized();
            default:
                throw new UnreachableException();
        }
    }

    private async Task<IResult> AcceptAsync(TeamsActivity activity, TeamsAuthenticated authenticated, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case null or "":
                TeamsLog.BadRequest(logger, "activity has no type");
                return Results.BadRequest();
            case "message":
                return Message(activity, authenticated);
            case "invoke":
                return await InvokeAsync(activity, authenticated, cancellationToken);
            default:
                TeamsLog.ActivityIgnored(logger, activity.Type, "not handled");
                return Results.Ok();
        }
    }

    private IResult Message(TeamsActivity activity, TeamsAuthenticated authenticated)
    {
        if (activity is not { Id: { Length: > 0 } activityId, Conversation.Id: { Length: > 0 } conversationId })
        {
            TeamsLog.BadRequest(logger, "message without id or conversation id");
            return Results.BadRequest();
        }

        if (TeamsActivityReader.User(activity, authenticated.TenantId) is not { } user)
        {
            TeamsLog.ActivityIgnored(logger, activity.Type, "sender has no AAD object id");
            return Results.Ok();
        }

        TeamsWorkItem item;
        if (!string.IsNullOrWhiteSpace(activity.Text))
        {
            var command = new ChatCommandEvent(user, activityId, TeamsActivityReader.CommandText(activity));
            item = new TeamsWorkItem(command, conversations.ForActivity(authenticated.ServiceUrl, conversationId, activityId), null);
        }
        else if (TeamsActivityReader.SubmitAction(activity, user, authenticated.ServiceUrl) is { } action)
        {
            item = new TeamsWorkItem(action, conversations.ForActivity(authenticated.ServiceUrl, conversationId, activity.ReplyToId), action.Card);
        }
        else
        {
            TeamsLog.ActivityIgnored(logger, activity.Type, "neither text nor a card action");
            return Results.Ok();
        }

        // Redeliveries are recognised by the pipeline's deduplicator; a refused one is simply delivered again.
        if (!dispatcher.TryDispatch(item.Event, item.Conversation, Delivery(item)))
        {
            TeamsLog.QueueFull(logger, activityId);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Ok();
    }

    private async Task<IResult> InvokeAsync(TeamsActivity activity, TeamsAuthenticated authenticated, CancellationToken cancellationToken)
    {
        if (activity.Name != AdaptiveCardActionInvoke)
        {
            TeamsLog.ActivityIgnored(logger, activity.Name, "invoke not implemented");
            return Results.StatusCode(StatusCodes.Status501NotImplemented);
        }

        if (activity is not { Id: { Length: > 0 } activityId, Conversation.Id: { Length: > 0 } conversationId })
        {
            return Results.Json(TeamsInvokeResponse.Error(400, "BadRequest", "The activity has no id or conversation."));
        }

        if (TeamsActivityReader.User(activity, authenticated.TenantId) is not { } user)
        {
            return Results.Json(TeamsInvokeResponse.Error(400, "BadRequest", "Teams did not identify who clicked."));
        }

        if (TeamsActivityReader.ExecuteAction(activity, user, authenticated.ServiceUrl) is not { } action)
        {
            return Results.Json(TeamsInvokeResponse.Error(400, "BadRequest", "The action has no verb or requestId."));
        }

        var item = new TeamsWorkItem(action, conversations.ForActivity(authenticated.ServiceUrl, conversationId, activity.ReplyToId), action.Card);

        // The bound starts before the router does, so it covers the router's whole run.
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(options.Value.InvokeTimeout, time, waiting.Token);
        var routing = dispatcher.HandleNowAsync(action, item.Conversation, lifetime.ApplicationStopping);
        if (await Task.WhenAny(routing, timeout) != routing)
        {
            TeamsLog.InvokeAnsweredEarly(logger, activityId);
            dispatcher.FollowUp(routing, action, Delivery(item));
            return Results.Json(TeamsInvokeResponse.Message("Working on it…"));
        }

        await waiting.CancelAsync();
        try
        {
            return await routing is { } answer
                ? Results.Json(TeamsInvokeResponse.Card(answer))
                : Results.Json(TeamsInvokeResponse.Message("Received."));
        }
        catch (Exception ex)
        {
            // The router's failure becomes an error answer to Teams; details go to the log only.
            TeamsLog.DispatchFailed(logger, nameof(ChatActionEvent), activityId, ex);
            return Results.Json(TeamsInvokeResponse.Error(500, "InternalError", "The action failed; see the MailHa log."));
        }
    }

    /// <summary>The answer replaces the clicked card, or is posted in the conversation; a failure is logged, never shown.</summary>
    private ChatDispatcher.Delivery Delivery(TeamsWorkItem item) => new(
        (answer, ct) => item.Replace is { } card ? item.Conversation.UpdateAsync(card, answer, ct) : item.Conversation.PostAsync(answer, ct),
        (failure, _) =>
        {
            TeamsLog.DispatchFailed(logger, item.Event.GetType().Name, item.Event.DeliveryId, failure);
            return Task.CompletedTask;
        });

    private static Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken) =>
        BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
}
