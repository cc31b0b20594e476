using MailHa.Bot.Pipeline;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary>
/// The optional SERVICE of an operator's command (<c>mirror run [SERVICE]</c>, <c>failover [SERVICE]</c>): the service
/// named, or the only one when none is named. Several services and none named, or a name not configured, is an error
/// naming the services, and nothing runs.
/// </summary>
public static class ServiceArgument
{
    /// <summary>
    /// The service <paramref name="name"/> names; null when none is named and there is only one (the request reads as
    /// it always did); or the error saying why there is none.
    /// </summary>
    public static (ServiceName? Service, ParseError? Error) Parse(MailTopology topology, string? name, string verb)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var (service, failure) = topology.Resolve(name);
        return service is null ? (null, new ServiceNotResolved(verb, failure!)) : (name is null ? null : service.Name, null);
    }

    /// <summary>A use case whose only argument is the optional service: its request, or the error.</summary>
    public static Parsed Only(MailTopology topology, IReadOnlyList<string> arguments, string verb, Func<ServiceName?, OperatorRequest> request)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(request);
        if (arguments.Count > 1 || arguments is [{ } flag] && flag.StartsWith("--", StringComparison.Ordinal))
        {
            return Parsed.Error(new WrongArguments(verb, ExpectedArguments.OptionalService));
        }

        var (service, error) = Parse(topology, arguments.Count == 1 ? arguments[0] : null, verb);
        return error is null ? new Request(request(service)) : Parsed.Error(error);
    }

    /// <summary>
    /// The definition of a request's service when it runs: the one it names, or (a request kept from before services
    /// were named) the only one. Null, with why, when that service is no longer configured.
    /// </summary>
    public static (ServiceDefinition? Service, ServiceUnresolved? Failure) Resolve(MailTopology topology, ServiceName? service)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Resolve(service?.Value);
    }
}
