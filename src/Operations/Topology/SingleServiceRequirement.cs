using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>
/// For now, what operates the mail system (serve, status, mirror, failover) runs exactly one service on two nodes:
/// the state it keeps (one role record, one state file) is the one pair's. Refuses anything else at start, until the
/// state is kept per service.
/// </summary>
public sealed class SingleServiceRequirement : IValidateOptions<TopologyOptions>
{
    public ValidateOptionsResult Validate(string? name, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Services switch
        {
            { Count: > 1 } => ValidateOptionsResult.Fail(
                $"MailHa:Services: {options.Services.Count} services are configured ({string.Join(", ", options.Services.Select(s => s.Name))}): "
                + "multi-service operations (the symmetric and N+1 models) are not yet supported; this version operates one service. "
                + "'mailha check' validates such a configuration and reaches its nodes."),
            [{ Nodes.Count: > 2 } only] => ValidateOptionsResult.Fail(
                $"MailHa:Services:0:Nodes: service '{only.Name}' lists {only.Nodes.Count} nodes: a service on more than two nodes is not yet supported; this version operates one service on two nodes."),
            _ => ValidateOptionsResult.Success,
        };
    }
}
