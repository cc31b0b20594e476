namespace MailHa.Operations.Vip;

/// <summary>Connects to a service port from where MailHa runs and reads its first line.</summary>
public interface IServiceProbe
{
    Task<ServiceAnswer> ProbeAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken);
}
