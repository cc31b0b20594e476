using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Slack;

public static class SlackEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /slack/commands</c> and <c>POST /slack/interactions</c> when Slack is enabled in HTTP mode;
    /// maps nothing otherwise. The endpoints authenticate themselves by Slack's signature, so they allow anonymous.
    /// </summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (!options.Enabled || options.Mode != SlackMode.Http)
        {
            return endpoints;
        }

        var slack = endpoints.MapGroup("/slack").AllowAnonymous();
        slack.MapPost("/commands", (HttpRequest request, [FromServices] SlackInbound inbound) =>
            inbound.HandleCommandAsync(request, request.HttpContext.RequestAborted));
        slack.MapPost("/interactions", (HttpRequest request, [FromServices] SlackInbound inbound) =>
            inbound.HandleInteractionAsync(request, request.HttpContext.RequestAborted));
        return endpoints;
    }
}
