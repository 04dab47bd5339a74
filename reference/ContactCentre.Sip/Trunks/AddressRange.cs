using System.Net;

namespace ContactCentre.Sip;

/// <summary>An address or CIDR block a trunk's INVITEs may come from: "203.0.113.7", "198.51.100.0/24", "2001:db8::/32".</summary>
public sealed record AddressRange(IPNetwork Network)
{
    public static AddressRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (!text.Contains('/', StringComparison.Ordinal))
        {
            var address = IPAddress.Parse(text);
            return new AddressRange(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
        }
        return new AddressRange(IPNetwork.Parse(text));
    }

    /// <summary>True when the address is in the range; IPv4-mapped IPv6 sources (dual-stack sockets) count as IPv4.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return Network.Contains(address);
    }

    public override string ToString() => Network.ToString();
}
