using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHa.Operations.Vip;

/// <summary>A plain TCP connect + first-line read, bounded by one timeout for both.</summary>
public sealed class TcpServiceProbe : IServiceProbe
{
    public async Task<ServiceAnswer> ProbeAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Parse(address), port, deadline.Token);
            await using var stream = client.GetStream();
            var buffer = new byte[512];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), deadline.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (Array.IndexOf(buffer, (byte)'\n', 0, length) >= 0)
                {
                    break;
                }
            }

            var line = Encoding.ASCII.GetString(buffer, 0, length).Split('\n')[0].Trim();
            return line.Length > 0 ? new Answered(line) : new Silent($"{address}:{port} accepted but sent nothing");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Silent($"{address}:{port}: no answer within {timeout.TotalSeconds:0.#}s");
        }
        catch (SocketException e)
        {
            return new Silent($"{address}:{port}: {e.SocketErrorCode}");
        }
        catch (IOException e)
        {
            return new Silent($"{address}:{port}: {e.Message}");
        }
    }
}
