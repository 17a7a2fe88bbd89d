using System.Globalization;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Host.Simulation;

/// <summary>The in-process PC/SC of <c>fleet run --simulate N</c>: N empty readers named "Simulated Reader 00".. .</summary>
public static class SimulatedFleet
{
    public static SimulatedPcsc Create(int readers)
    {
        var pcsc = new SimulatedPcsc();
        var digits = Math.Max(2, (readers - 1).ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < readers; i++)
        {
            var name = "Simulated Reader " + i.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
            var reader = pcsc.AddReader(name);
            reader.IfdSerialNumber = $"SIM-{i:0000}";
        }

        return pcsc;
    }
}
