"""Short name lists combined at random into clearly synthetic Indonesian names.

Four flavours seen in Kabupaten Bengkayang: Dayak (mostly Christian given names with
a local second name), Malay, Chinese-Indonesian (Hakka-style three-part names or
Indonesianised ones) and Javanese (transmigration villages). Any resemblance of a
combination to a real person is coincidence: every person in the sample is invented.
"""

from __future__ import annotations

DAYAK_M = (
    "Yohanes",
    "Markus",
    "Agustinus",
    "Yakobus",
    "Paulus",
    "Stefanus",
    "Antonius",
    "Fransiskus",
    "Lukas",
    "Matius",
    "Petrus",
    "Simon",
    "Aloysius",
    "Benediktus",
    "Kornelius",
    "Yosef",
    "Robertus",
    "Heribertus",
    "Alpius",
    "Rinaldus",
)
DAYAK_F = (
    "Elisabeth",
    "Maria",
    "Yuliana",
    "Veronika",
    "Agnes",
    "Theresia",
    "Margaretha",
    "Lusia",
    "Kristina",
    "Natalia",
    "Serlina",
    "Monika",
    "Florentina",
    "Yasinta",
    "Sesilia",
    "Helena",
)
DAYAK_SECOND = (
    "Ajun",
    "Aping",
    "Anyen",
    "Sabu",
    "Dunsai",
    "Ginting",
    "Nyangun",
    "Asun",
    "Leman",
    "Kopeng",
    "Ingkong",
    "Anom",
    "Rinyuk",
    "Jalung",
    "Sidik",
    "Asang",
    "Lebong",
    "Ujang",
)

MALAY_M = (
    "Muhammad",
    "Ahmad",
    "Abdul Rahman",
    "Hamdan",
    "Zulkifli",
    "Jamaludin",
    "Juliansyah",
    "Hendri",
    "Rudi",
    "Syahrul",
    "Ismail",
    "Usman",
    "Amran",
    "Firdaus",
    "Rizal",
    "Saparudin",
)
MALAY_F = (
    "Siti",
    "Nurhayati",
    "Rahmawati",
    "Fatimah",
    "Aminah",
    "Rosnah",
    "Safitri",
    "Nurul",
    "Mariani",
    "Zubaidah",
    "Hasnah",
    "Juliana",
    "Rohani",
    "Salmah",
)
MALAY_SECOND = (
    "bin Abdullah",
    "Hasan",
    "Ramli",
    "Saleh",
    "Yusuf",
    "Idris",
    "Kasim",
    "Mahmud",
    "Sulaiman",
    "Arsyad",
    "Rahim",
    "Husin",
    "Zainal",
    "Effendi",
)

CHINESE_SURNAME = ("Lim", "Tjhin", "Bong", "Lie", "Tjong", "Chai", "Phang", "Liu", "Tjoa", "Hew")
CHINESE_GIVEN_M = ("Kim Fat", "Sui Ket", "Ah Fuk", "Kian Hong", "Jun Liong", "Nyit Fo", "Tet Sin")
CHINESE_GIVEN_F = ("Siaw Fung", "Kim Hoa", "Mei Lan", "Fui Mei", "Lan Nyin", "Siu Lin", "Sui Mui")
CHINESE_INDO_M = ("Hendra", "Suryadi", "Budiman", "Rudy", "Tanoto", "Susanto", "Sugianto")
CHINESE_INDO_F = ("Lina", "Susanti", "Meliana", "Yanti", "Linda", "Herlina", "Wati")
CHINESE_INDO_SECOND = ("Gunawan", "Wijaya", "Salim", "Tanjaya", "Halim", "Kurniawan", "Hartono")

JAVA_M = (
    "Suparman",
    "Sutrisno",
    "Sugiyanto",
    "Slamet",
    "Wahyudi",
    "Purwanto",
    "Joko",
    "Budi",
    "Agus",
    "Sukirman",
    "Darmaji",
    "Eko",
    "Teguh",
    "Sumarno",
)
JAVA_F = (
    "Sri",
    "Endang",
    "Tri",
    "Sumiati",
    "Suwarni",
    "Dwi",
    "Wartini",
    "Suprapti",
    "Ngatini",
    "Rini",
)
JAVA_SECOND = (
    "Santoso",
    "Wahyuni",
    "Rahayu",
    "Wulandari",
    "Prasetyo",
    "Susilo",
    "Haryanto",
    "Lestari",
    "Setiawan",
    "Hidayat",
    "Nugroho",
    "Utami",
)


def make_name(rng, flavour: str, female: bool) -> str:
    """One synthetic name of a flavour (``dayak``, ``malay``, ``chinese``, ``java``)."""
    if flavour == "dayak":
        return f"{rng.choice(DAYAK_F if female else DAYAK_M)} {rng.choice(DAYAK_SECOND)}"
    if flavour == "malay":
        second = rng.choice(MALAY_SECOND)
        if female and second.startswith("bin "):
            second = "binti " + second[4:]
        return f"{rng.choice(MALAY_F if female else MALAY_M)} {second}"
    if flavour == "chinese":
        if rng.random() < 0.5:
            given = rng.choice(CHINESE_GIVEN_F if female else CHINESE_GIVEN_M)
            return f"{rng.choice(CHINESE_SURNAME)} {given}"
        first = rng.choice(CHINESE_INDO_F if female else CHINESE_INDO_M)
        return f"{first} {rng.choice(CHINESE_INDO_SECOND)}"
    return f"{rng.choice(JAVA_F if female else JAVA_M)} {rng.choice(JAVA_SECOND)}"
