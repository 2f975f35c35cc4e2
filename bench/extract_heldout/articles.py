# Held-out articles: written after the extraction rules were frozen for this round and
# scored once, without changing the rules. Same style and caveats as ../extract_dev.
ARTICLES = [
    (
        "h01",
        "2024-04-25",
        "id",
        """Pemkot Malang dan Kota Kurashiki Teken Perjanjian Kerja Sama

MALANG - Pemerintah Kota Malang dan Kota Kurashiki, Jepang, menandatangani perjanjian kerja sama sister city di Balai Kota Malang, Rabu (24/4/2024). Kerja sama tersebut meliputi bidang pendidikan, kesehatan, dan industri kreatif.

Wali Kota Malang menyebut kerja sama ini hasil penjajakan sejak 2022.
""",
        [
            (
                "Malang",
                "ID",
                ["Kurashiki"],
                "JP",
                "sister_city",
                "agreement",
                "signed",
                "2024-04-24",
                ["education", "health", "industry"],
            )
        ],
    ),
    (
        "h02",
        None,
        "en",
        """Da Nang and Busan agree to expand cooperation

Da Nang and Busan, sister cities since 2011, agreed on Thursday to expand cooperation in port logistics and tourism. Officials from both cities said a new memorandum of understanding would be signed in December.
""",
        [("Da Nang", "VN", ["Busan"], "KR", "sister_city", "mou", "planned", None, ["tourism"])],
    ),
    (
        "h03",
        "2023-10-03",
        "ms",
        """Kuantan Meterai MoU Dengan Kota Padang

KUANTAN - Majlis Bandaraya Kuantan memeterai memorandum persefahaman dengan Pemerintah Kota Padang, Indonesia, pada 2 Oktober 2023 bagi memperkukuh kerjasama dalam bidang pelancongan, pendidikan dan kebudayaan.
""",
        [
            (
                "Kuantan",
                "MY",
                ["Padang"],
                "ID",
                "cooperation",
                "mou",
                "signed",
                "2023-10-02",
                ["tourism", "education", "culture"],
            )
        ],
    ),
    (
        "h04",
        None,
        "id",
        """Ekspor Kopi Sumatera Utara Naik

MEDAN - Nilai ekspor kopi Sumatera Utara meningkat 15 persen menjadi US$320 juta sepanjang 2023, kata Kepala Dinas Perindustrian dan Perdagangan. Pasar utama adalah Amerika Serikat dan Jepang.
""",
        [],
    ),
    (
        "h05",
        "2022-03-15",
        "en",
        """Brno and Leipzig mark 50 years as twin towns

Brno and Leipzig, twin towns since 1973, marked the anniversary with a concert in Brno on Sunday. The mayors of both cities said they would continue cooperation in culture and science.
""",
        [("Brno", "CZ", ["Leipzig"], "DE", "sister_city", "unspecified", "existing", "1973", [])],
    ),
    (
        "h06",
        "2025-06-10",
        "id",
        """Pemprov Jawa Barat Jajaki Sister Province dengan Provinsi Gyeonggi

BANDUNG - Pemerintah Provinsi Jawa Barat menjajaki kerja sama sister province dengan Provinsi Gyeonggi-do, Korea Selatan. Penjajakan difokuskan pada bidang industri otomotif dan pengelolaan sampah.
""",
        [
            (
                "Jawa Barat",
                "ID",
                ["Gyeonggi-do", "Gyeonggi"],
                "KR",
                "sister_city",
                "unspecified",
                "planned",
                None,
                ["industry", "waste"],
            )
        ],
    ),
    (
        "h07",
        None,
        "ms",
        """Sandakan Dan Zamboanga Perbaharui Perjanjian Bandar Kembar

SANDAKAN - Majlis Perbandaran Sandakan dan Bandar Zamboanga, Filipina, memperbaharui perjanjian bandar kembar yang ditandatangani pertama kali pada 1996. Perjanjian baharu memberi tumpuan kepada perdagangan dan keselamatan maritim.
""",
        [
            (
                "Sandakan",
                "MY",
                ["Zamboanga", "Zamboanga City"],
                "PH",
                "sister_city",
                "agreement",
                "renewed",
                None,
                ["economy_trade"],
            )
        ],
    ),
    (
        "h08",
        "2024-12-02",
        "en",
        """Fukuoka signs letter of intent with Yangon

Fukuoka City signed a letter of intent with Yangon Region on November 29, 2024, to work together on water supply and urban planning. Fukuoka has been Busan's sister city since 2007.
""",
        [
            (
                "Fukuoka",
                "JP",
                ["Yangon", "Yangon Region"],
                "MM",
                "cooperation",
                "loi",
                "signed",
                "2024-11-29",
                ["disaster_water", "urban_planning"],
            ),
            ("Fukuoka", "JP", ["Busan"], "KR", "sister_city", "unspecified", "existing", "2007", []),
        ],
    ),
    (
        "h09",
        None,
        "id",
        """Presiden Terima Kunjungan PM Singapura

JAKARTA - Presiden menerima kunjungan Perdana Menteri Singapura di Istana Merdeka. Kedua negara menandatangani sejumlah nota kesepahaman di bidang energi dan pangan.
""",
        [],
    ),
    (
        "h10",
        "2023-09-20",
        "id",
        """Solo dan Montana Jalin Kota Kembar? Solo Pilih Kota Nanning

SURAKARTA - Pemerintah Kota Surakarta resmi menjalin hubungan kota kembar dengan Kota Nanning, Tiongkok, setelah penandatanganan MoU pada Selasa (19/9/2023). Kerja sama mencakup perdagangan dan kebudayaan.
""",
        [
            (
                "Surakarta|Solo",
                "ID",
                ["Nanning"],
                "CN",
                "sister_city",
                "mou",
                "signed",
                "2023-09-19",
                ["economy_trade", "culture"],
            )
        ],
    ),
]
