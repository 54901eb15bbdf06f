namespace ActorTrain.Testing;

/// <summary>
/// Mutations of valid encodings for fuzzing decoders: bit flips, bytes that are MessagePack type codes or length
/// boundaries, truncation, random and repeated insertions, saturated lengths, duplicated runs. Shared by the codec's
/// fuzz test and its 100k-case benchmark.
/// </summary>
internal static class ByteMutator
{
    /// <summary>Type codes and length bytes where decoders branch.</summary>
    public static readonly byte[] Interesting = [0x00, 0x7f, 0x80, 0x81, 0x91, 0x9f, 0xc1, 0xc4, 0xc6, 0xc9, 0xcc, 0xcf, 0xd3, 0xd8, 0xd9, 0xdb, 0xdd, 0xdf, 0xff];

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        for (int round = random.Next(1, 5); round > 0; round--)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2:
                    bytes.RemoveRange(at, random.Next(bytes.Count - at + 1));
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4:
                    for (int k = at; k < Math.Min(at + 4, bytes.Count); k++)
                        bytes[k] = random.Next(2) == 0 ? (byte)0xff : (byte)0x7f;
                    break;
                case 5:
                    bytes.InsertRange(at, Enumerable.Repeat(Interesting[random.Next(Interesting.Length)], random.Next(1, 200)));
                    break;
                default:
                    bytes.InsertRange(at, bytes.Skip(at).Take(random.Next(1, 17)).ToList());
                    break;
            }
        }
        return bytes.ToArray();
    }
}
