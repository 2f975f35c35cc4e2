# Malay development articles (written by the Kembar team in the style of Malaysian news;
# places real, agreements and details partly invented).
ARTICLES = [
    (
        "ms01",
        "2024-05-08",
        """Kuala Lumpur dan Jakarta Meterai Memorandum Persefahaman

KUALA LUMPUR - Dewan Bandaraya Kuala Lumpur (DBKL) dan Pemerintah Provinsi DKI Jakarta memeterai memorandum persefahaman kerjasama bandar berkembar pada 7 Mei 2024. Kerjasama itu merangkumi bidang pengangkutan awam, pengurusan sisa pepejal dan pelancongan.
""",
        [
            (
                "Kuala Lumpur",
                "MY",
                ["Jakarta", "DKI Jakarta"],
                "ID",
                "sister_city",
                "mou",
                "signed",
                "2024-05-07",
                ["transport", "waste", "tourism"],
            ),
        ],
    ),
    (
        "ms02",
        None,
        """Melaka Rancang Jalin Hubungan Bandar Berkembar Dengan Nanjing

MELAKA - Kerajaan Negeri Melaka bercadang menjalin hubungan bandar berkembar dengan Nanjing, China, bagi meningkatkan pelancongan dan perdagangan. Ketua Menteri Melaka berkata perbincangan awal sedang dijalankan.
""",
        [
            (
                "Melaka",
                "MY",
                ["Nanjing"],
                "CN",
                "sister_city",
                "unspecified",
                "planned",
                None,
                ["tourism", "economy_trade"],
            ),
        ],
    ),
    (
        "ms03",
        "2023-08-14",
        """Johor Bahru Perbaharui Perjanjian Dengan Singapura? Tidak, Dengan Kota Batam

JOHOR BAHRU - Majlis Bandaraya Johor Bahru memperbaharui perjanjian kerjasama dengan Pemerintah Kota Batam, Indonesia, pada 11 Ogos 2023. Perjanjian baharu memberi tumpuan kepada bidang perdagangan, pelancongan dan pendidikan.
""",
        [
            (
                "Johor Bahru",
                "MY",
                ["Batam"],
                "ID",
                "cooperation",
                "agreement",
                "renewed",
                "2023-08-11",
                ["economy_trade", "tourism", "education"],
            ),
        ],
    ),
    (
        "ms04",
        None,
        """Malaysia dan Indonesia Sepakat Perkukuh Hubungan Dua Hala

PUTRAJAYA - Malaysia dan Indonesia bersetuju memperkukuh hubungan dua hala dalam bidang ekonomi dan keselamatan sempadan. Perdana Menteri berkata kedua-dua negara akan menubuhkan jawatankuasa bersama.
""",
        [],
    ),
    (
        "ms05",
        "2022-12-06",
        """Ipoh Sambut Delegasi Dari Fuzhou

IPOH - Datuk Bandar Ipoh menerima kunjungan delegasi dari Fuzhou, China, yang telah menjadi bandar berkembar Ipoh sejak 2011. Lawatan itu membincangkan kerjasama dalam bidang pendidikan dan kebudayaan.
""",
        [
            (
                "Ipoh",
                "MY",
                ["Fuzhou"],
                "CN",
                "sister_city",
                "unspecified",
                "existing",
                "2011",
                ["education", "culture"],
            ),
        ],
    ),
    (
        "ms06",
        None,
        """Banjir Kilat Landa Shah Alam

SHAH ALAM - Banjir kilat melanda beberapa kawasan di Shah Alam petang semalam selepas hujan lebat selama tiga jam. Tiada kemalangan jiwa dilaporkan.
""",
        [],
    ),
    (
        "ms07",
        "2024-02-20",
        """Kota Kinabalu Dan Kota Manado Tandatangani LoI

KOTA KINABALU - Dewan Bandaraya Kota Kinabalu dan Pemerintah Kota Manado menandatangani surat niat (LoI) untuk menjalin hubungan bandar berkembar pada 19 Februari 2024. Kerjasama dijangka merangkumi pelancongan dan perikanan.
""",
        [
            (
                "Kota Kinabalu",
                "MY",
                ["Manado"],
                "ID",
                "sister_city",
                "loi",
                "signed",
                "2024-02-19",
                ["tourism", "agriculture_food"],
            ),
        ],
    ),
    (
        "ms08",
        "2023-03-30",
        """Pulau Pinang, Medan Dan Phuket Bincang Kerjasama Pelancongan

GEORGETOWN - Kerajaan Negeri Pulau Pinang akan menganjurkan forum pelancongan bersama Medan dan Phuket pada Jun ini. Pulau Pinang telah lama menjalin kerjasama dengan Medan sejak 1984.
""",
        [
            ("Pulau Pinang", "MY", ["Medan"], "ID", "cooperation", "unspecified", "existing", "1984", []),
        ],
    ),
    (
        "ms09",
        None,
        """Kuching Meterai Perjanjian Bandar Kembar Dengan Pontianak

KUCHING - Majlis Bandaraya Kuching Selatan memeterai perjanjian bandar kembar dengan Kota Pontianak, Indonesia. Ia adalah perjanjian pertama seumpamanya bagi kedua-dua bandar di Borneo.
""",
        [
            ("Kuching", "MY", ["Pontianak"], "ID", "sister_city", "agreement", "signed", None, []),
        ],
    ),
    (
        "ms10",
        "2025-01-09",
        """Seremban Terima Kunjungan Wakil Bandar Kembar Dari Korea

SEREMBAN - Majlis Bandaraya Seremban menerima kunjungan delegasi dari bandar Yeosu, Korea Selatan, semalam. Kedua-dua bandar merancang untuk memeterai memorandum persefahaman kerjasama dalam bidang pelancongan dan sukan tahun ini.
""",
        [
            (
                "Seremban",
                "MY",
                ["Yeosu"],
                "KR",
                "cooperation",
                "mou",
                "planned",
                None,
                ["tourism", "youth_sports"],
            ),
        ],
    ),
    (
        "ms11",
        None,
        """Menteri: Perdagangan Malaysia-China Meningkat

KUALA LUMPUR - Perdagangan dua hala Malaysia dan China meningkat 12 peratus kepada RM450 bilion tahun lepas, kata menteri. Beliau berkata kedua-dua negara akan terus memperkukuh kerjasama ekonomi.
""",
        [],
    ),
    (
        "ms12",
        "2024-08-28",
        """Alor Setar Dan Songkhla Jalin Kerjasama Bandar Persahabatan

ALOR SETAR - Majlis Bandaraya Alor Setar dan Majlis Bandar Songkhla, Thailand, memeterai perjanjian bandar persahabatan pada 27 Ogos 2024. Kerjasama itu meliputi perdagangan sempadan, kebudayaan dan pendidikan.
""",
        [
            (
                "Alor Setar",
                "MY",
                ["Songkhla"],
                "TH",
                "friendship_city",
                "agreement",
                "signed",
                "2024-08-27",
                ["economy_trade", "culture", "education"],
            ),
        ],
    ),
    (
        "ms13",
        None,
        """Shah Alam Hantar Pelajar Ke Bandar Kembar Di Jepun

SHAH ALAM - Seramai 15 pelajar dari Shah Alam menyertai program pertukaran pelajar ke Tochigi, Jepun, yang merupakan bandar kembar Shah Alam sejak 2005.
""",
        [
            ("Shah Alam", "MY", ["Tochigi"], "JP", "sister_city", "unspecified", "existing", "2005", []),
        ],
    ),
]
