using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>Source-generated data-annotation validation, recursing into nodes and the VIP.</summary>
[OptionsValidator]
public sealed partial class TopologyAttributesValidator : IValidateOptions<TopologyOptions>;
