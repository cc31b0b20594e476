using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace MailHa.Operations.Topology;

/// <summary>
/// Turns <c>MailHa</c> into a <see cref="MailTopology"/>, naming the key of every rule broken. Two shapes: with
/// <c>MailHa:Services</c>, each service lists its nodes; without it (the one-pair shape of every file before
/// services), one service is built from <c>MailHa:Vip</c>, <c>MailHa:Mirror</c> and the two nodes' <c>Role</c>.
/// </summary>
public static class TopologyResolver
{
    /// <summary>The implicit service's name when <c>MailHa:Vip:HostName</c> is empty.</summary>
    public const string DefaultServiceName = "mail";

    /// <summary>The topology, or null with the reasons added to <paramref name="failures"/>.</summary>
    public static MailTopology? Resolve(TopologyOptions options, MirrorOptions mirrorDefaults, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mirrorDefaults);
        ArgumentNullException.ThrowIfNull(failures);
        var before = failures.Count;
        CheckNodeNames(options.Nodes, failures);
        var services = options.Services.Count == 0
            ? ImplicitService(options, mirrorDefaults, failures)
            : DeclaredServices(options, mirrorDefaults, failures);
        return failures.Count == before ? new MailTopology(options.Nodes, services) : null;
    }

    /// <summary>Like <see cref="Resolve(TopologyOptions, MirrorOptions, ICollection{string})"/>; throws when the configuration is invalid.</summary>
    public static MailTopology Resolve(TopologyOptions options, MirrorOptions mirrorDefaults)
    {
        var failures = new List<string>();
        return Resolve(options, mirrorDefaults, failures)
            ?? throw new InvalidOperationException("Invalid MailHa topology: " + string.Join(" ", failures));
    }

    private static void CheckNodeNames(List<NodeOptions> nodes, ICollection<string> failures)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(nodes[i].Name))
            {
                failures.Add($"MailHa:Nodes:{i}:Name: required.");
                continue;
            }

            var first = nodes.FindIndex(n => string.Equals(n.Name, nodes[i].Name, StringComparison.OrdinalIgnoreCase));
            if (first < i)
            {
                failures.Add($"MailHa:Nodes:{i}:Name: duplicates MailHa:Nodes:{first}:Name ('{nodes[i].Name}').");
            }
        }
    }

    private static List<ServiceDefinition> ImplicitService(TopologyOptions options, MirrorOptions mirror, ICollection<string> failures)
    {
        if (options.Vip is not { } vip)
        {
            failures.Add("MailHa:Vip: required: the VIP of the one pair (or describe each service in MailHa:Services).");
            return [];
        }

        CheckVipAddress(options, vip, "MailHa:Vip", failures);
        if (options.Nodes.Count != 2)
        {
            failures.Add($"MailHa:Nodes: exactly two nodes are required (a primary and a standby); found {options.Nodes.Count}.");
            return [];
        }

        if (options.Nodes.Count(n => n.Role == NodeRole.Primary) != 1 || options.Nodes.Count(n => n.Role == NodeRole.Standby) != 1)
        {
            failures.Add("MailHa:Nodes: exactly one node must have Role 'Primary' and one 'Standby'.");
            return [];
        }

        var name = vip.HostName.Split('.')[0] is { Length: > 0 } label ? label : DefaultServiceName;
        var primary = options.Nodes.First(n => n.Role == NodeRole.Primary).NodeName;
        var standby = options.Nodes.First(n => n.Role == NodeRole.Standby).NodeName;
        return [new ServiceDefinition(new ServiceName(name), vip, mirror, [primary, standby])];
    }

    private static List<ServiceDefinition> DeclaredServices(TopologyOptions options, MirrorOptions defaults, ICollection<string> failures)
    {
        if (options.Vip is not null)
        {
            failures.Add("MailHa:Vip: the one-pair shape cannot be mixed with MailHa:Services: move the VIP into its service (MailHa:Services:N:Vip).");
        }

        for (var i = 0; i < options.Nodes.Count; i++)
        {
            if (options.Nodes[i].Role is not null)
            {
                failures.Add($"MailHa:Nodes:{i}:Role: the one-pair shape cannot be mixed with MailHa:Services: each service's Nodes order says which node is home; remove Role.");
            }
        }

        var known = options.Nodes.Select(n => n.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var resolved = new List<(int Index, ServiceDefinition Service)>();
        for (var i = 0; i < options.Services.Count; i++)
        {
            var key = $"MailHa:Services:{i}";
            var service = options.Services[i];
            var sameName = options.Services.FindIndex(s => string.Equals(s.Name, service.Name, StringComparison.OrdinalIgnoreCase));
            if (sameName < i)
            {
                failures.Add($"{key}:Name: duplicates MailHa:Services:{sameName}:Name ('{service.Name}').");
            }

            var nodesOk = CheckServiceNodes(service, key, known, failures);
            CheckVipAddress(options, service.Vip, $"{key}:Vip", failures);
            var sameVip = options.Services.FindIndex(s => s.Vip.Address == service.Vip.Address);
            if (sameVip < i)
            {
                failures.Add($"{key}:Vip:Address: '{service.Vip.Address}' is already the VIP of service '{options.Services[sameVip].Name}' (MailHa:Services:{sameVip}:Vip:Address).");
            }

            var mirror = EffectiveMirror(defaults, service.Mirror, $"{key}:Mirror", failures);
            if (nodesOk && mirror is not null && !string.IsNullOrWhiteSpace(service.Name))
            {
                resolved.Add((i, new ServiceDefinition(new ServiceName(service.Name), service.Vip, mirror, [.. service.Nodes.Select(n => new NodeName(n))])));
            }
        }

        CheckSharedNodes(resolved, failures);
        CheckCapacities(options.Nodes, [.. resolved.Select(r => r.Service)], failures);
        return [.. resolved.Select(r => r.Service)];
    }

    private static bool CheckServiceNodes(ServiceOptions service, string key, HashSet<string> known, ICollection<string> failures)
    {
        var ok = true;
        if (service.Nodes.Count < 2)
        {
            failures.Add($"{key}:Nodes: at least two nodes are required (its home first, then the nodes that may take it over); found {service.Nodes.Count}.");
            ok = false;
        }

        for (var j = 0; j < service.Nodes.Count; j++)
        {
            var node = service.Nodes[j];
            var first = service.Nodes.FindIndex(n => string.Equals(n, node, StringComparison.OrdinalIgnoreCase));
            if (string.IsNullOrWhiteSpace(node) || !known.Contains(node))
            {
                failures.Add($"{key}:Nodes:{j}: no node named '{node}' in MailHa:Nodes.");
                ok = false;
            }
            else if (first < j)
            {
                failures.Add($"{key}:Nodes:{j}: '{node}' is already {key}:Nodes:{first}: a node appears once in a service's list.");
                ok = false;
            }
        }

        return ok;
    }

    private static void CheckVipAddress(TopologyOptions options, VipOptions vip, string key, ICollection<string> failures)
    {
        if (!string.IsNullOrEmpty(vip.Address) && !IPAddress.TryParse(vip.Address, out _))
        {
            failures.Add($"{key}:Address: '{vip.Address}' is not an IP address.");
        }

        if (options.Nodes.Any(n => n.ServiceAddress == vip.Address))
        {
            failures.Add($"{key}:Address: must differ from every node's ServiceAddress.");
        }
    }

    /// <summary><c>MailHa:Mirror</c> with the service's own keys laid over it; null when one of them is unknown or invalid.</summary>
    private static MirrorOptions? EffectiveMirror(MirrorOptions defaults, Dictionary<string, string?> overrides, string section, ICollection<string> failures)
    {
        var mirror = defaults.Copy();
        var ok = true;
        foreach (var (key, value) in overrides)
        {
            if (typeof(MirrorOptions).GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not { CanWrite: true })
            {
                failures.Add($"{section}:{key}: not a MailHa:Mirror key.");
                ok = false;
                continue;
            }

            try
            {
                new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().Bind(mirror);
            }
            catch (InvalidOperationException)
            {
                failures.Add($"{section}:{key}: '{value}' is not a valid value.");
                ok = false;
            }
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(mirror, new ValidationContext(mirror), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                failures.Add($"{section}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}");
            }

            ok = false;
        }

        foreach (var failure in MirrorOptionsValidator.Check(mirror, section))
        {
            failures.Add(failure);
            ok = false;
        }

        return ok ? mirror : null;
    }

    /// <summary>Two services that share a node must not share a store, a module, a state file or a VIP label there.</summary>
    private static void CheckSharedNodes(List<(int Index, ServiceDefinition Service)> services, ICollection<string> failures)
    {
        for (var b = 0; b < services.Count; b++)
        {
            for (var a = 0; a < b; a++)
            {
                var (first, second) = (services[a].Service, services[b].Service);
                var shared = first.Nodes.Intersect(second.Nodes).ToList();
                if (shared.Count == 0)
                {
                    continue;
                }

                var on = $"service '{first.Name}' (MailHa:Services:{services[a].Index}), which shares {string.Join(", ", shared)} with it";
                var key = $"MailHa:Services:{services[b].Index}";
                if (first.Mirror.StorePath == second.Mirror.StorePath)
                {
                    failures.Add($"{key}:Mirror:StorePath: '{second.Mirror.StorePath}' is also the store of {on}: each service needs its own store.");
                }

                if (string.Equals(first.Mirror.Module, second.Mirror.Module, StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{key}:Mirror:Module: '{second.Mirror.Module}' is also the rsync module of {on}: each service needs its own module.");
                }

                if (first.Mirror.StateFile == second.Mirror.StateFile)
                {
                    failures.Add($"{key}:Mirror:StateFile: '{second.Mirror.StateFile}' is also the state file of {on}: each service needs its own.");
                }

                if (first.Vip.Interface == second.Vip.Interface && first.Vip.Label == second.Vip.Label)
                {
                    failures.Add($"{key}:Vip:Label: '{second.Vip.Label}' on {second.Vip.Interface} is also the VIP label of {on}: each VIP needs its own label.");
                }
            }
        }
    }

    private static void CheckCapacities(List<NodeOptions> nodes, List<ServiceDefinition> services, ICollection<string> failures)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            var homed = services.Where(s => s.Home == nodes[i].NodeName).Select(s => s.Name.Value).ToList();
            if (nodes[i].Capacity is { } capacity && homed.Count > capacity)
            {
                failures.Add($"MailHa:Nodes:{i}:Capacity: {capacity} is below the {homed.Count} services homed on {nodes[i].Name} ({string.Join(", ", homed)}).");
            }
        }
    }
}
